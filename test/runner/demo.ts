// The extension in a real VS Code on a machine without desktop VS Code: builds the seed
// project into a stable folder (recreated on each run), starts the VS Code server with
// this repository as the development extension and prints the URL to open. Runs until
// Ctrl-C. With --screenshot it opens the workbench in headless Chromium instead, takes the
// named screenshots of test/runner/shots.ts into docs/screenshots/ (or one picture with --out)
// and exits. The server runs without the smoke-test driver: notifications show, as a user sees them.
//
//   node out/test/runner/demo.js [--scenario seed|finish|nomap|…] [--port N] [--domain CORE] [--theme light|dark]
//   node out/test/runner/demo.js --screenshot [--only NAME,NAME] [--theme light|dark]   (both themes when no --theme)
//   node out/test/runner/demo.js --screenshot --out FILE.png [--open RELATIVE/PATH] [--run "Palette Title"]... [--click SELECTOR]... [--wait-for CSS] [--settle SECONDS]
//   The extension is this repository's development build, copied into the server's extensions folder;
//   --installed: the packaged .vsix installed into the server instead
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, openPage, waitForWorkbench } from './browser';
import { SEED_SESSION_PLAN } from '../fixtures/seedWorkspace';
import { checkExtension, repoRoot, selectScenarios, WORKSPACE_FOLDER } from './scenarios';
import { cacheDir, startServer, type VsCodeServer } from './server';
import { quickOpen, runFromPalette, selectShots, type Shot } from './shots';
import { buildVsix } from './vsix';

/** VS Code 1.139's own default themes (theme-defaults' ids). */
const THEMES = { light: 'Light 2026', dark: 'Dark 2026' } as const;
type Theme = keyof typeof THEMES;

interface DemoOptions {
  scenario: string;
  domain?: string;
  installed?: boolean;
  port?: number;
  theme?: Theme;
  settings?: Record<string, unknown>;
  prepare?(workspace: string): void;
}

interface Demo {
  server: VsCodeServer;
  url: string;
  workspace: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'seed' },
      port: { type: 'string' },
      screenshot: { type: 'boolean' },
      only: { type: 'string' },
      theme: { type: 'string' },
      out: { type: 'string' },
      open: { type: 'string' },
      'wait-for': { type: 'string' },
      settle: { type: 'string', default: '2' },
      domain: { type: 'string' },
      run: { type: 'string', multiple: true },
      click: { type: 'string', multiple: true },
      installed: { type: 'boolean' },
    },
  });
  const root = repoRoot();
  checkExtension(root);
  const theme = values.theme;
  if (theme !== undefined && !(theme in THEMES)) throw new Error(`--theme ${theme}: light or dark`);
  const themes = theme !== undefined ? [theme as Theme] : (['light', 'dark'] as Theme[]);
  const settleMs = Number(values.settle) * 1000;
  const base = {
    scenario: values.scenario ?? 'seed',
    domain: values.domain,
    installed: values.installed,
    port: values.port === undefined ? undefined : Number(values.port),
  };

  if (values.screenshot && values.out === undefined) {
    const shots = selectShots(values.only ? values.only.split(',').map((n) => n.trim()) : []);
    // One shot that fails (a screen another change moved) does not keep the others from being taken.
    const failed: string[] = [];
    for (const t of themes) {
      for (const shot of shots) {
        await takeShot(root, shot, t, settleMs).catch((error: unknown) => {
          failed.push(`${shot.name} (${t})`);
          console.error(`${shot.name} (${t}) failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    }
    if (failed.length > 0) console.error(`not taken: ${failed.join(', ')}`);
    return failed.length > 0 ? 1 : 0;
  }
  if (values.screenshot) {
    const file = path.resolve(values.out ?? '');
    const demo = await startDemo(root, { ...base, theme: themes.length === 1 ? themes[0] : 'dark' });
    return screenshot(demo, file, settleMs, async (page) => {
      if (values.open) await quickOpen(page, values.open);
      for (const command of values.run ?? []) await runFromPalette(page, command);
      for (const selector of values.click ?? []) await page.locator(selector).first().click({ timeout: 60_000 });
      if (values['wait-for']) await page.waitForSelector(values['wait-for'], { state: 'visible', timeout: 60_000 });
    });
  }
  const { server, url, workspace } = await startDemo(root, { ...base, theme: theme as Theme | undefined });
  console.log(`Territory demo: scenario ${base.scenario}`);
  console.log(`  workspace ${workspace}`);
  console.log(`  server log ${server.logFile}`);
  console.log(
    `\nOpen this URL in a browser (from another machine: ssh -L ${server.port}:127.0.0.1:${server.port} first):\n\n  ${url}\n`,
  );
  console.log('Ctrl-C stops the server.');
  const code = await server.exited; // Ctrl-C ends the process through the server module's handlers
  console.error(`the VS Code server exited (${code}); its last output:\n${server.recentOutput()}`);
  return 1;
}

/** A fresh demo workspace and a fresh VS Code server profile (no state left from the last run). */
async function startDemo(root: string, options: DemoOptions): Promise<Demo> {
  const [scenario] = selectScenarios([options.scenario]);
  const demoDir = path.join(cacheDir(), 'demo-workspace');
  const workspace = path.join(demoDir, WORKSPACE_FOLDER);
  rmSync(demoDir, { recursive: true, force: true });
  await scenario.createWorkspace(workspace);
  // A repository new to Territory (nomap) has no session plan either: its first run shows no seed goal.
  if (options.scenario !== 'nomap') writeDemoSessionPlan(workspace);
  options.prepare?.(workspace);
  const serverDir = path.join(cacheDir(), 'demo-server');
  rmSync(serverDir, { recursive: true, force: true });
  mkdirSync(serverDir, { recursive: true });

  // --installed: Territory as a user gets it, the packaged .vsix installed into the server.
  const vsix = options.installed ? path.join(serverDir, 'territory.vsix') : undefined;
  if (vsix) console.log(`installing ${buildVsix(root, vsix)}`);
  else copyDevelopmentBuild(root, path.join(serverDir, 'extensions'));
  const server = await startServer({
    install: vsix ? [vsix] : [],
    dataDir: serverDir,
    cwd: workspace,
    port: options.port,
    // What a user sees: the smoke-test driver would hide every notification toast.
    smokeTestDriver: false,
    settings: {
      ...scenario.settings,
      ...(options.theme ? { 'workbench.colorTheme': THEMES[options.theme] } : {}),
      ...options.settings,
    },
    // As if VS Code were started from that domain's terminal: the extension starts as that domain.
    env: options.domain ? { TERRITORY_DOMAIN: options.domain } : undefined,
  });
  const opened = scenario.openPath?.(workspace) ?? workspace;
  const url = server.workbenchUrl(opened, [
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ]);
  return { server, url, workspace };
}

/**
 * The development build (this repository's dist/) as an installed extension: a folder in the
 * server's extensions folder, which the server registers on its first start. The workbench
 * honours an extensionDevelopmentPath only with the smoke-test driver, which hides notifications.
 */
function copyDevelopmentBuild(root: string, extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  for (const name of ['package.json', 'dist', 'media', 'docs', 'README.md', 'CHANGELOG.md', 'LICENSE'])
    cpSync(path.join(root, name), path.join(target, name), { recursive: true });
}

/** One named shot in one theme: docs/screenshots/<name>-<theme>.png. */
async function takeShot(root: string, shot: Shot, theme: Theme, settleMs: number): Promise<void> {
  const file = path.join(root, 'docs', 'screenshots', `${shot.name}-${theme}.png`);
  console.log(`${shot.name} (${theme}): ${shot.what}`);
  const demo = await startDemo(root, {
    scenario: shot.scenario,
    domain: shot.domain,
    installed: shot.installed,
    theme,
    settings: shot.settings,
    prepare: shot.prepare,
  });
  const code = await screenshot(demo, file, settleMs, (page) => shot.act(page, demo.workspace));
  if (code !== 0) throw new Error(`${shot.name} (${theme}) failed`);
}

/**
 * The seed's task distribution as the demo's session plan, kept out of git (.git/info/exclude) so
 * the demo opens with a clean working tree.
 */
function writeDemoSessionPlan(workspace: string): void {
  mkdirSync(path.join(workspace, '.territory'), { recursive: true });
  writeFileSync(path.join(workspace, '.territory', 'session.json'), JSON.stringify(SEED_SESSION_PLAN, null, 2) + '\n');
  mkdirSync(path.join(workspace, '.git', 'info'), { recursive: true });
  appendFileSync(path.join(workspace, '.git', 'info', 'exclude'), '/.territory/\n');
}

async function screenshot(
  { server, url }: Demo,
  file: string,
  settleMs: number,
  act: (page: Page) => Promise<void>,
): Promise<number> {
  const browser = await launchChromium();
  try {
    const page = await openPage(browser);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page, 120_000);
    // The server registers the installed extensions a few seconds after the workbench is laid out
    // (the palette knows none of Territory's commands before): wait for Territory's activity bar
    // entry, then for activation, which the status bar shows meanwhile.
    await page
      .locator('.activitybar .action-item a[aria-label*="Territory"]')
      .first()
      .waitFor({ state: 'visible', timeout: 120_000 });
    await page.getByText('Activating Extensions').waitFor({ state: 'hidden', timeout: 120_000 });
    await act(page).catch(async (error: unknown) => {
      // What the page showed when the step failed, for the one who reads the error.
      const seen = path.join(os.tmpdir(), `territory-shot-failed-${path.basename(file)}`);
      await page.screenshot({ path: seen }).catch(() => undefined);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(the page then: ${seen})`);
    });
    // Views, decorations, editors and notifications render a moment after the action.
    await page.waitForTimeout(settleMs);
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    console.log(`screenshot ${file}`);
    return 0;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
