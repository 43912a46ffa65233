// The extension in a real VS Code on a machine without desktop VS Code: builds the seed
// project into a stable folder (recreated on each run), starts the VS Code server with
// this repository as the development extension and prints the URL to open. Runs until
// Ctrl-C. With --screenshot it opens the workbench in headless Chromium instead, saves a
// screenshot and exits (for the README).
//
//   node out/test/runner/demo.js [--scenario seed|markdown] [--port N] [--domain CORE]
//   node out/test/runner/demo.js --screenshot FILE.png [--open RELATIVE/PATH] [--run "Palette Title"]... [--click SELECTOR]... [--wait-for CSS] [--settle SECONDS]
//   --installed: the packaged .vsix installed into the server instead of this repository as the development extension
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, openPage, waitForWorkbench } from './browser';
import { SEED_SESSION_PLAN } from '../fixtures/seedWorkspace';
import { checkExtension, repoRoot, selectScenarios, WORKSPACE_FOLDER } from './scenarios';
import { cacheDir, startServer, type VsCodeServer } from './server';
import { buildVsix } from './vsix';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'seed' },
      port: { type: 'string' },
      screenshot: { type: 'string' },
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
  const [scenario] = selectScenarios([values.scenario]);
  const demoDir = path.join(cacheDir(), 'demo-workspace');
  const workspace = path.join(demoDir, WORKSPACE_FOLDER);
  rmSync(demoDir, { recursive: true, force: true });
  await scenario.createWorkspace(workspace);
  writeDemoSessionPlan(workspace);
  const serverDir = path.join(cacheDir(), 'demo-server');
  rmSync(serverDir, { recursive: true, force: true }); // a fresh profile: no state left from the last run
  mkdirSync(serverDir, { recursive: true });

  // --installed: Territory as a user gets it, the packaged .vsix installed into the server.
  const vsix = values.installed ? path.join(serverDir, 'territory.vsix') : undefined;
  if (vsix) console.log(`installing ${buildVsix(root, vsix)}`);
  const server = await startServer({
    install: vsix ? [vsix] : [],
    dataDir: serverDir,
    cwd: workspace,
    port: values.port === undefined ? undefined : Number(values.port),
    // As if VS Code were started from that domain's terminal: the extension starts as that domain.
    env: values.domain ? { TERRITORY_DOMAIN: values.domain } : undefined,
  });
  const url = server.workbenchUrl(workspace, [...(vsix ? [] : [['extensionDevelopmentPath', server.remoteUri(root)] as [string, string]]), ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']]);
  if (values.screenshot) {
    return screenshot(server, url, {
      file: path.resolve(values.screenshot),
      open: values.open,
      waitFor: values['wait-for'],
      settleMs: Number(values.settle) * 1000,
      run: values.run ?? [],
      click: values.click ?? [],
    });
  }
  console.log(`Territory demo: scenario ${scenario.name} (${scenario.description})`);
  console.log(`  workspace ${workspace}`);
  console.log(`  server log ${server.logFile}`);
  console.log(`\nOpen this URL in a browser (from another machine: ssh -L ${server.port}:127.0.0.1:${server.port} first):\n\n  ${url}\n`);
  console.log('Ctrl-C stops the server.');
  const code = await server.exited; // Ctrl-C ends the process through the server module's handlers
  console.error(`the VS Code server exited (${code}); its last output:\n${server.recentOutput()}`);
  return 1;
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

interface ShotOptions {
  file: string;
  open?: string;
  waitFor?: string;
  settleMs: number;
  /** Command palette entries to run before the shot, as a user types them. */
  run: string[];
  /** Playwright selectors clicked after those, in order (e.g. `.extension-list-item >> text=Territory`). */
  click: string[];
}

async function screenshot(server: VsCodeServer, url: string, options: ShotOptions): Promise<number> {
  const browser = await launchChromium();
  try {
    const page = await openPage(browser);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page, 120_000);
    // Extensions activate after the workbench is laid out; the status bar says so meanwhile.
    await page.getByText('Activating Extensions').waitFor({ state: 'hidden', timeout: 120_000 });
    if (options.open) await quickOpen(page, options.open);
    for (const command of options.run) await runFromPalette(page, command);
    for (const selector of options.click) await page.locator(selector).first().click({ timeout: 60_000 });
    if (options.waitFor) await page.waitForSelector(options.waitFor, { state: 'visible', timeout: 60_000 });
    // Views, decorations and editors render a moment after activation.
    await page.waitForTimeout(options.settleMs);
    mkdirSync(path.dirname(options.file), { recursive: true });
    await page.screenshot({ path: options.file });
    console.log(`screenshot ${options.file}`);
    return 0;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Opens a workspace file the way a user would, through Quick Open (no extension command needed). */
async function quickOpen(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  // Results arrive asynchronously; accept only once the file is listed.
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relativePath) })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Runs a command through the command palette, by its title (`Territory: Focus on Domains View`). */
async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
