// The named screenshots of `npm run demo -- --screenshot`: what a user sees on each screen the
// README and the issues talk about, notifications included (the demo's server runs without the
// smoke-test driver, which hides them). Each shot gets a fresh workspace and a fresh VS Code, so
// one can be taken again alone (`--only NAME`) after the screen it shows has changed.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { appendEvent } from '../../src/core/mission/eventLog';
import type { AgentEvent, HookEventName } from '../../src/core/mission/events';

export interface Shot {
  /** File name without the theme and extension: docs/screenshots/<name>-<theme>.png. */
  name: string;
  /** What the picture shows (the README's alt text says the same). */
  what: string;
  scenario: string;
  /** As if VS Code were started from that domain's terminal (TERRITORY_DOMAIN). */
  domain?: string;
  /** The packaged .vsix installed, as a user has it (the details page needs it). */
  installed?: boolean;
  /** User settings for this shot, over the demo's. */
  settings?: Record<string, unknown>;
  /** Changes the workspace after the scenario built it and before VS Code opens it. */
  prepare?(workspace: string): void;
  /** What a user does before the picture is taken. */
  act(page: Page, workspace: string): Promise<void>;
}

export const SHOTS: readonly Shot[] = [
  {
    name: 'details-page',
    what: "Territory's page in the Extensions view, as installed from the .vsix",
    scenario: 'seed',
    installed: true,
    act: async (page) => {
      await page.keyboard.press('Control+Shift+X');
      const search = page.locator('.extensions-viewlet .suggest-input-container').first();
      await search.waitFor({ state: 'visible', timeout: 30_000 });
      await search.click();
      await page.keyboard.type('@installed Territory');
      await page.locator('.extension-list-item', { hasText: 'Territory' }).first().click({ timeout: 60_000 });
      await page.locator('.extension-editor').first().waitFor({ state: 'visible', timeout: 60_000 });
    },
  },
  {
    name: 'walkthrough',
    what: 'The walkthrough Get started with Territory',
    scenario: 'seed',
    act: async (page) => {
      await runFromPalette(page, 'Welcome: Open Walkthrough...', true);
      await pick(page, 'Get started with Territory');
      await page.locator('.gettingStartedContainer').first().waitFor({ state: 'visible', timeout: 60_000 });
    },
  },
  {
    name: 'off-limits',
    what: "CORE opens API's file: the Explorer greyed and badged, the editor read-only, the off-limits warning with Create Handoff",
    scenario: 'seed',
    domain: 'CORE',
    act: async (page) => {
      await quickOpen(page, 'backend/app/api/routes.py');
      await untilNotification(page, 'off-limits', 30_000);
    },
  },
  {
    name: 'sidebar-300',
    what: "The Territory views at VS Code's default side bar width (300 px), as CORE",
    scenario: 'seed',
    domain: 'CORE',
    act: async (page) => {
      await runFromPalette(page, 'View: Show Territory');
      await setSideBarWidth(page, 300);
      // Under load the views fill a while after activation: the picture waits for each view's rows.
      for (const row of ['Git hooks', 'routes.py', 'Unattributed']) {
        await page
          .locator('.part.sidebar .pane-body .monaco-list-row', { hasText: row })
          .first()
          .waitFor({ state: 'visible', timeout: 120_000 });
      }
    },
  },
  {
    name: 'session-board',
    what: 'The Session Board: five domains in five states (working, waiting for input, idle, stalled, exited)',
    scenario: 'seed',
    prepare: writeFiveStates,
    act: async (page) => {
      await runFromPalette(page, 'Territory: Show Session Board');
      await page.locator('iframe.webview').first().waitFor({ state: 'visible', timeout: 60_000 });
    },
  },
  {
    name: 'finish-session',
    what: "Finish Session on a session branch with one CORE commit while CORE's blocking handoff is open: the checks, stopped at the first",
    scenario: 'finish',
    prepare: sessionBranch,
    act: async (page) => {
      await runFromPalette(page, 'Territory: Finish Session (merge or pull request)');
      // The checks run in git first: the picture is worth taking once Finish Session has said where it stopped.
      await untilNotification(page, 'Finish Session', 120_000);
      // The checklist is the picture: the other views make room for it, and the side bar is wide enough to read its rows.
      for (const view of ['Domains', 'Handoffs', 'Commits By Domain']) await collapseView(page, view);
      await setSideBarWidth(page, 640);
    },
  },
  {
    name: 'first-run',
    what: 'First run in a repository without a map: the Territory view offers to create one',
    scenario: 'nomap',
    settings: { 'git.enabled': true },
    act: async (page) => {
      await runFromPalette(page, 'View: Show Territory');
      // The Domains view's welcome is the first step: the other views' welcomes only point to it.
      for (const view of ['Handoffs', 'Commits By Domain']) await collapseView(page, view);
    },
  },
  {
    name: 'create-map',
    what: 'Create Map on the first run: one domain proposed per top-level folder of the repository, to untick',
    scenario: 'nomap',
    settings: { 'git.enabled': true },
    act: createMapProposal,
  },
  {
    name: 'map-written',
    what: 'The map written from the proposal: territory.json open, the domains in the sidebar, and the next step (Plan Session, Launch Terminals, Open Walkthrough)',
    scenario: 'nomap',
    settings: { 'git.enabled': true },
    act: async (page) => {
      await createMapProposal(page);
      await page.keyboard.press('Enter');
      await untilNotification(page, 'Map written', 60_000);
    },
  },
];

/** Shows the Territory view and presses its welcome's Create Map button, as a new user does; the proposal's quick pick stays open. */
async function createMapProposal(page: Page): Promise<void> {
  await runFromPalette(page, 'View: Show Territory');
  await page
    .locator('.welcome-view-content .monaco-button', { hasText: 'Create Map' })
    .first()
    .click({ timeout: 60_000 });
  await page
    .locator('.quick-input-widget', { hasText: 'Create Map for' })
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 });
}

/** The shots named (all when none is); throws on an unknown name. */
export function selectShots(names: readonly string[]): Shot[] {
  const unknown = names.filter((n) => !SHOTS.some((s) => s.name === n));
  if (unknown.length > 0)
    throw new Error(`unknown screenshot ${unknown.join(', ')} (known: ${SHOTS.map((s) => s.name).join(', ')})`);
  return SHOTS.filter((s) => names.length === 0 || names.includes(s.name));
}

/**
 * Five agents' hook events as Claude Code's hooks record them: CORE working, API waiting for
 * input, SCHED idle, FE silent for 20 minutes mid-task (stalled, past the 10-minute default),
 * TEST exited.
 */
function writeFiveStates(workspace: string): void {
  const now = Date.now();
  const minutes = (n: number) => now - n * 60_000;
  const log = (domain: string, event: HookEventName, t: number, extra: Partial<AgentEvent> = {}) => {
    const failure = appendEvent(workspace, { t, domain, event, session: `demo-${domain}`, ...extra });
    if (failure) throw new Error(`demo events: ${failure}`);
  };
  for (const domain of ['CORE', 'API', 'SCHED', 'FE', 'TEST']) {
    log(domain, 'SessionStart', minutes(45), { detail: 'startup' });
    log(domain, 'UserPromptSubmit', minutes(44));
  }
  log('CORE', 'PreToolUse', minutes(1), { tool: 'Edit', file: 'backend/app/models/assignment.py' });
  log('CORE', 'PostToolUse', minutes(1), { tool: 'Edit', file: 'backend/app/models/assignment.py' });
  log('API', 'PostToolUse', minutes(6), { tool: 'Edit', file: 'backend/app/api/routes.py' });
  log('API', 'Notification', minutes(5), { detail: 'Claude needs your permission to use Bash' });
  log('SCHED', 'PostToolUse', minutes(12), { tool: 'Write', file: 'backend/app/scheduling/diagnostics.py' });
  log('SCHED', 'Stop', minutes(11));
  log('FE', 'PreToolUse', minutes(20), { tool: 'Edit', file: 'frontend/src/api/client.ts' });
  log('TEST', 'PostToolUse', minutes(30), { tool: 'Write', file: 'backend/tests/test_routes.py' });
  log('TEST', 'SessionEnd', minutes(29), { detail: 'exit' });
}

/** The session branch of the finish scenario's suite: checked out, with one CORE commit and the plan naming it. */
function sessionBranch(workspace: string): void {
  const branch = 'claude/edge-cases';
  const git = (...args: string[]) => {
    const run = spawnSync('git', args, {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });
    if (run.status !== 0) throw new Error(`demo: git ${args.join(' ')}: ${run.stderr}`);
  };
  const commit = (message: string) =>
    git(
      '-c',
      'user.name=Territory Demo',
      '-c',
      'user.email=demo@territory.invalid',
      'commit',
      '-q',
      '--no-verify',
      '-m',
      message,
    );
  // The plan naming the branch, committed on main as Plan Session asks (the hooks read the committed one).
  const plan = path.join(workspace, '.territory', 'session.json');
  writeFileSync(
    plan,
    JSON.stringify({ ...(JSON.parse(readFileSync(plan, 'utf8')) as object), branch }, null, 2) + '\n',
  );
  git('add', '-f', '.territory/session.json');
  commit('Plan the session');
  git('checkout', '-q', '-b', branch);
  writeFileSync(
    path.join(workspace, 'backend', 'app', 'models', 'assignment.py'),
    'class Assignment:\n    version: int = 1\n',
  );
  git('add', '-A', 'backend');
  commit('core: version column');
}

/** Opens a workspace file the way a user would, through Quick Open (no extension command needed). */
export async function quickOpen(page: Page, relativePath: string): Promise<void> {
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

/** Runs a command through the command palette, by its title (`Territory: Focus on Domains View`); `opensPick`: it asks with a quick pick next. */
export async function runFromPalette(page: Page, title: string, opensPick = false): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  // A command that asks something next (Open Walkthrough…) keeps the widget open for its own list.
  if (!opensPick) await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Waits for a notification toast holding `text` (the demo runs without the driver that hides them). */
async function untilNotification(page: Page, text: string, timeout: number): Promise<void> {
  await page.locator('.notification-toast', { hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/** Chooses an entry of the quick pick that is open. */
async function pick(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Drags the side bar's edge until it is `width` pixels wide, as a user does. */
async function setSideBarWidth(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').first().boundingBox();
  if (!box) throw new Error('the side bar is not shown');
  const y = box.y + box.height / 2;
  // The sash between the side bar and the editor: the vertical sash nearest the side bar's right edge
  // (the 2026 themes leave a gap there, so the edge itself is not the sash).
  const sashes = await page
    .locator('.monaco-sash.vertical')
    .evaluateAll((all) =>
      all
        .map((e) => e.getBoundingClientRect())
        .map((r) => ({ x: r.x + r.width / 2, top: r.y, bottom: r.y + r.height })),
    );
  const edge = box.x + box.width;
  const sash = sashes
    .filter((r) => r.top <= y && r.bottom >= y)
    .sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
  if (!sash || Math.abs(sash.x - edge) > 12) throw new Error(`no sash at the side bar's edge (${edge} px)`);
  await page.mouse.move(sash.x, y);
  await page.mouse.down();
  await page.mouse.move(sash.x + width - box.width, y, { steps: 10 });
  await page.mouse.up();
  // Off the sash, which stays highlighted under the pointer.
  await page.mouse.move(box.x + width + 400, y);
  const after = await page.locator('.part.sidebar').first().boundingBox();
  if (!after || Math.abs(after.width - width) > 2)
    throw new Error(`the side bar is ${after?.width ?? 0} px wide, not ${width}`);
}

/** Collapses a view of the side bar by its header, as a user clicks it; nothing when it is collapsed already. */
async function collapseView(page: Page, title: string): Promise<void> {
  const header = page
    .locator('.part.sidebar .pane-header.expanded', {
      has: page.locator('.title', { hasText: new RegExp(`^${title}$`, 'i') }),
    })
    .first();
  await header.waitFor({ state: 'visible', timeout: 30_000 });
  await header.click();
  await page
    .locator('.part.sidebar .pane-header:not(.expanded)', {
      has: page.locator('.title', { hasText: new RegExp(`^${title}$`, 'i') }),
    })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 });
}
