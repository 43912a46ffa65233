// One scenario of the offline runner: workspace, server, browser, then wait for the
// extension host to report its exit code through the smoke-test driver.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { ENV, EXTHOST_MARK } from '../integration/protocol';
import { exposeAutomation, launchChromium, openPage, type WorkbenchLog } from './browser';
import { TEST_TERMINAL_SETTINGS, testsIndex, WORKSPACE_FOLDER, type Scenario } from './scenarios';
import { handleRunnerRequest } from './runnerRequests';
import { startServer } from './server';
import { buildVsix } from './vsix';

export interface ScenarioRun {
  scenario: Scenario;
  repoRoot: string;
  extensionPath: string;
  /** Holds the workspace, server/ and workbench-logs/; kept by the caller on failure. */
  tempDir: string;
  timeoutMs: number;
  grep?: string;
  verbose: boolean;
  color: boolean;
  screenshot?: string;
  /** For an `installed` scenario: the .vsix the server installs and the empty development extension. */
  installed?: { vsix: string; hostExtension: string };
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  reason?: string;
  ms: number;
}

type Outcome = { code: number } | { reason: string };

export async function runScenario(run: ScenarioRun): Promise<ScenarioResult> {
  const started = Date.now();
  const name = run.scenario.name;
  console.log(`\n▶ scenario ${name}: ${run.scenario.description}`);
  try {
    if (run.scenario.installed) run = { ...run, installed: packageExtension(run) };
    let result = await attempt(run);
    if (result.reason !== undefined && !result.testsStarted) {
      // The workbench went away before the extension host printed a single line (seen now and
      // then when a .code-workspace opens): that says nothing about the extension. Once more,
      // in a fresh folder; a second such failure fails the scenario.
      console.log(`  retrying scenario ${name} once: the extension host said nothing before it ended`);
      result = await attempt({ ...run, tempDir: path.join(run.tempDir, 'retry') });
    }
    const reason = result.reason;
    return { name, ok: reason === undefined, reason, ms: Date.now() - started };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.log(`✖ scenario ${name}: ${reason}`);
    return { name, ok: false, reason: reason.split('\n')[0], ms: Date.now() - started };
  }
}

/** Resolves with no reason on success, or the reason of the failure; and whether the tests began. */
async function attempt(run: ScenarioRun): Promise<{ reason: string | undefined; testsStarted: boolean }> {
  const workspace = path.join(run.tempDir, WORKSPACE_FOLDER);
  await run.scenario.createWorkspace(workspace);
  const server = await startServer({
    dataDir: path.join(run.tempDir, 'server'),
    // Not the workspace: code that wrongly uses process.cwd() instead of the workspace folder should fail here.
    cwd: run.tempDir,
    echo: run.verbose,
    settings: { ...TEST_TERMINAL_SETTINGS, ...run.scenario.settings },
    install: run.installed ? [run.installed.vsix] : [],
    env: {
      [ENV.installed]: run.installed ? '1' : '',
      [ENV.handle]: '1',
      [ENV.scenario]: run.scenario.name,
      [ENV.workspace]: workspace,
      [ENV.grep]: run.grep ?? '',
      [ENV.color]: run.color ? '1' : '0',
      [ENV.mark]: EXTHOST_MARK,
      ...run.scenario.env?.(workspace),
    },
  });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const output = new OutputFilter(run.verbose);
  try {
    const page = await openPage(browser);
    let reportExit: (outcome: Outcome) => void = () => undefined;
    const reported = new Promise<Outcome>((resolve) => (reportExit = resolve));
    await exposeAutomation(page, {
      onLog: (level, args) => handleRunnerRequest(page, args) || output.accept(level, args),
      onExit: (code, logs) => {
        saveLogs(path.join(run.tempDir, 'workbench-logs'), logs);
        reportExit({ code });
      },
    });
    page.on('crash', () => reportExit({ reason: 'the browser page crashed' }));
    const url = server.workbenchUrl(run.scenario.openPath?.(workspace) ?? workspace, [
      ['extensionDevelopmentPath', server.remoteUri(run.installed?.hostExtension ?? run.extensionPath)],
      ['extensionTestsPath', server.remoteUri(testsIndex(run.repoRoot))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]);
    console.log(`  workspace ${workspace}`);
    if (run.verbose) console.log(`  workbench ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race<Outcome>([
      reported,
      server.exited.then((code) => ({ reason: `the VS Code server exited (${code}) before the tests reported back` })),
      new Promise<Outcome>((resolve) => {
        timer = setTimeout(() => resolve({ reason: output.silenceReason(run.timeoutMs) }), run.timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (run.screenshot) {
      mkdirSync(path.dirname(run.screenshot), { recursive: true });
      await page.screenshot({ path: run.screenshot });
      console.log(`  screenshot ${run.screenshot}`);
    }
    const reason =
      'reason' in outcome ? outcome.reason : outcome.code === 0 ? undefined : output.failureReason(outcome.code);
    if (reason !== undefined) {
      console.log(`✖ scenario ${run.scenario.name}: ${reason}`);
      // A failure the extension host explained (a test, activation) needs no more; anything
      // else (timeout, crash, a server that died) is explained, if at all, by these logs.
      if (!output.explained() || run.verbose) {
        console.log(`  workbench ${url}`);
        output.printDiagnostics();
        console.log(`  server output (last lines):\n${indent(server.recentOutput())}`);
      }
    }
    return { reason, testsStarted: output.heardExtensionHost() };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/**
 * Builds the .vsix as `npm run package` does (production bundles, checked contents) and an empty
 * extension to stand as the development extension: the workbench runs extensionTestsPath only with
 * one, and Territory must come from its installed copy, not from this repository.
 */
function packageExtension(run: ScenarioRun): { vsix: string; hostExtension: string } {
  const vsix = path.join(run.tempDir, 'territory.vsix');
  console.log('  packaging the extension (npm run package)');
  console.log(`  ${buildVsix(run.repoRoot, vsix, run.verbose)}`);
  const hostExtension = path.join(run.tempDir, 'test-host-extension');
  mkdirSync(hostExtension, { recursive: true });
  const manifest = {
    name: 'territory-test-host',
    publisher: 'territory-test',
    version: '0.0.0',
    engines: { vscode: '^1.100.0' },
  };
  writeFileSync(path.join(hostExtension, 'package.json'), JSON.stringify(manifest, null, 2));
  return { vsix, hostExtension };
}

/**
 * Sorts what codeAutomationLog delivers: lines carrying the extension host mark (mocha's
 * output, the extension's console) go to stdout; the workbench's own log is kept for
 * diagnostics and shown only with --verbose.
 */
class OutputFilter {
  private readonly workbench: string[] = [];
  private lastExthostError: string | undefined;
  private lastExthostLine: string | undefined;

  constructor(private readonly verbose: boolean) {}

  /** Whether the extension host printed anything at all (the test index prints as it starts). */
  heardExtensionHost(): boolean {
    return this.lastExthostLine !== undefined;
  }

  accept(level: string, args: unknown[]): void {
    const text = format(...args);
    if (text.startsWith(EXTHOST_MARK.trimEnd())) {
      const line = text.slice(EXTHOST_MARK.trimEnd().length).replace(/^ /, '');
      if (line.trim() !== '') this.lastExthostLine = line.trim();
      if (level === 'error' && line.trim() !== '') this.lastExthostError = line.trim().split('\n')[0];
      process.stdout.write(`${line}\n`);
      return;
    }
    this.workbench.push(`[${level}] ${text}`);
    this.workbench.splice(0, Math.max(0, this.workbench.length - 400));
    if (this.verbose) process.stderr.write(`[workbench ${level}] ${text}\n`);
  }

  /** Whether the extension host printed an error, which then explains the failure. */
  explained(): boolean {
    return this.lastExthostError !== undefined;
  }

  failureReason(code: number): string {
    return this.lastExthostError
      ? `${this.lastExthostError} (extension host exit code ${code})`
      : `the extension host exited with code ${code}`;
  }

  silenceReason(timeoutMs: number): string {
    const seconds = Math.round(timeoutMs / 1000);
    return this.lastExthostLine !== undefined
      ? `the tests did not finish within ${seconds} s (raise it with --timeout); the extension host's last line: "${this.lastExthostLine}"`
      : `nothing reported back within ${seconds} s: the workbench never ran the test index (see the workbench errors below)`;
  }

  /** The workbench's errors and warnings, which explain failures outside the tests (activation, loading). */
  printDiagnostics(): void {
    if (this.verbose) return; // already shown
    const notable = this.workbench
      .filter((l) => (l.startsWith('[error]') || l.startsWith('[warn')) && !OFFLINE_NOISE.test(l))
      .slice(-20)
      .map((l) => l.split('\n').slice(0, 4).join('\n'));
    if (notable.length > 0)
      console.log(`  workbench errors and warnings (last ${notable.length}):\n${indent(notable.join('\n'))}`);
  }
}

/** Workbench complaints that every offline run produces (no marketplace, no GitHub, no service worker). */
const OFFLINE_NOISE = /ENOTFOUND|Service Worker|authentication provider 'github'|\[AgentHost|took \d+ms/;

function saveLogs(dir: string, logs: WorkbenchLog[]): void {
  for (const log of logs) {
    const file = path.join(dir, path.normalize(log.relativePath).replace(/^(\.\.[/\\])+/, ''));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, log.contents);
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
