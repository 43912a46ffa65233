// Runs the integration suites in a real VS Code without downloading one (DESIGN.md §6):
// for each scenario, a fresh fixture workspace, a VS Code server and headless Chromium
// whose workbench loads the extension from this repository and runs
// out/test/integration/index.js in the extension host. Exit code 0 only when every
// scenario reported success.
//
//   node out/test/runner/offline.js [--scenario seed[,markdown]] [--grep TEXT]
//        [--screenshot FILE.png] [--extension DIR] [--timeout SECONDS] [--keep] [--verbose]
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath } from './browser';
import { runScenario, type ScenarioResult } from './runScenario';
import { checkExtension, checkSuites, repoRoot, SCENARIOS, selectScenarios } from './scenarios';
import { findServerInstall } from './server';

const USAGE = `usage: offline.js [--scenario NAME[,NAME]]... [--grep TEXT] [--screenshot FILE.png]
                  [--extension DIR] [--timeout SECONDS] [--keep] [--verbose]
scenarios: ${SCENARIOS.map((s) => `${s.name} (${s.description})`).join('; ')}
environment: TERRITORY_SCREENSHOT, TERRITORY_TEST_TIMEOUT, TERRITORY_TEST_VERBOSE=1, TERRITORY_CACHE`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      grep: { type: 'string' },
      screenshot: { type: 'string' },
      extension: { type: 'string' },
      timeout: { type: 'string' },
      keep: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const root = repoRoot();
  const scenarios = selectScenarios(values.scenario ?? []);
  const extensionPath = path.resolve(values.extension ?? root);
  const timeoutSeconds = Number(values.timeout ?? process.env.TERRITORY_TEST_TIMEOUT ?? 240);
  if (!(timeoutSeconds > 0)) throw new Error(`--timeout must be a positive number of seconds, not ${values.timeout}`);
  // Fail before building anything when the tools are missing.
  findServerInstall();
  chromiumPath();
  checkExtension(extensionPath);
  for (const scenario of scenarios) checkSuites(root, scenario);
  const screenshot = values.screenshot ?? process.env.TERRITORY_SCREENSHOT;

  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const tempDir = mkdtempSync(path.join(os.tmpdir(), `territory-it-${scenario.name}-`));
    const result = await runScenario({
      scenario,
      repoRoot: root,
      extensionPath,
      tempDir,
      timeoutMs: timeoutSeconds * 1000,
      grep: values.grep,
      verbose: values.verbose === true || process.env.TERRITORY_TEST_VERBOSE === '1',
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      screenshot: screenshot && screenshotPath(screenshot, scenario.name, scenarios.length),
    });
    results.push(result);
    if (result.ok && !values.keep) rmSync(tempDir, { recursive: true, force: true });
    else console.log(`  kept ${tempDir} (the workspace, server/server.log, workbench-logs/)`);
  }
  printSummary(results);
  return results.every((r) => r.ok) ? 0 : 1;
}

/** With several scenarios, one screenshot each: shot.png becomes shot-seed.png, shot-markdown.png. */
function screenshotPath(requested: string, scenario: string, count: number): string {
  const absolute = path.resolve(requested);
  if (count === 1) return absolute;
  const { dir, name, ext } = path.parse(absolute);
  return path.join(dir, `${name}-${scenario}${ext || '.png'}`);
}

function printSummary(results: ScenarioResult[]): void {
  console.log('\nIntegration scenarios:');
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    const status = r.ok ? 'passed' : 'FAILED';
    console.log(`  ${r.name.padEnd(width)}  ${status}  ${(r.ms / 1000).toFixed(1)} s${r.ok ? '' : `  — ${r.reason}`}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`offline runner: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
