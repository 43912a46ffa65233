// A scenario is a fixture workspace plus the suites that run against it:
// test/integration/<name>/*.test.ts. Each scenario gets its own VS Code (server or
// Electron) with the workspace opened, so suites may change the workspace freely.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createFinishWorkspace, FINISH_TEST_TASK } from '../fixtures/finishWorkspace';
import { createHostileGitWorkspace } from '../fixtures/hostileGitWorkspace';
import { createMultiRootWorkspace, MULTI_ROOT_FILE } from '../fixtures/multiRootWorkspace';
import { createNoMapWorkspace, gitSpyEnvironment } from '../fixtures/noMapWorkspace';
import { createProtocolOnlyWorkspace } from '../fixtures/protocolOnlyWorkspace';
import { createSeedWorkspace } from '../fixtures/seedWorkspace';

/**
 * Name of the workspace folder every scenario builds. The explorer and the window title
 * show it, so screenshots read as the seed's project rather than "workspace".
 */
export const WORKSPACE_FOLDER = 'Autonomous-Assignment-Program-Manager';

/**
 * Terminals in the tests run a bash that reads no startup files: a user's ~/.bashrc can be slow
 * or stall (a stale `pyenv rehash` lock held every shell for 60 s on a test machine), and five
 * shells killed mid-start by a test must not leave such locks behind in the user's home.
 */
export const TEST_TERMINAL_SETTINGS: Record<string, unknown> = {
  'terminal.integrated.profiles.linux': {
    'territory-test-bash': { path: '/bin/bash', args: ['--noprofile', '--norc'] },
  },
  'terminal.integrated.defaultProfile.linux': 'territory-test-bash',
};

export interface Scenario {
  name: string;
  description: string;
  /** Builds the workspace in `dir` (missing or empty). */
  createWorkspace(dir: string): Promise<void>;
  /** User settings of its own, over the runner's. */
  settings?: Record<string, unknown>;
  /** What the workbench opens: `dir` itself unless the scenario names a `.code-workspace` file in it. */
  openPath?(dir: string): string;
  /** Environment of its own for the server and the extension host, once the workspace `dir` exists. */
  env?(dir: string): Record<string, string>;
  /**
   * Territory as a user gets it: the runner packages the .vsix, the server installs it, and the
   * extension development path is an empty extension, so the installed copy is the one that runs.
   */
  installed?: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'seed',
    description: 'the seed project as a git repository, with territory.json',
    createWorkspace: (dir) => createSeedWorkspace(dir, { withMapJson: true, withMarkdownMap: false }),
  },
  {
    name: 'finish',
    description:
      'the seed project with a committed test task: Finish Session, phase 4 to the end (merge or pull request)',
    createWorkspace: (dir) => createFinishWorkspace(dir),
    settings: { 'territory.testTask': FINISH_TEST_TASK, 'git.enabled': false },
  },
  {
    name: 'markdown',
    description: 'the seed project without territory.json; PARALLEL_ORCHESTRATION.md at the root is the map',
    createWorkspace: (dir) => createSeedWorkspace(dir, { withMapJson: false, withMarkdownMap: true }),
  },
  {
    name: 'agents',
    description:
      'the seed project, for agents started in fresh domain terminals (a window of their own: five shells start at once)',
    createWorkspace: (dir) => createSeedWorkspace(dir, { withMapJson: true, withMarkdownMap: false }),
  },
  {
    name: 'agentguard',
    description:
      'the seed project, for the agent guard: Launch Domain Terminals writes Claude Code settings whose PreToolUse hook guards each domain, and starts sandboxed terminals',
    createWorkspace: (dir) => createSeedWorkspace(dir, { withMapJson: true, withMarkdownMap: false }),
    // The real sandbox runtime, a devDependency: the sandboxed terminals' srt.
    env: () => ({
      TERRITORY_SRT: path.join(repoRoot(), 'node_modules', '@anthropic-ai', 'sandbox-runtime', 'dist', 'cli.js'),
    }),
  },
  {
    name: 'mission',
    description:
      'the seed project, for mission control: hook events written as Claude Code writes them change the Domains view and the Session Board',
    createWorkspace: (dir) => createSeedWorkspace(dir, { withMapJson: true, withMarkdownMap: false }),
  },
  {
    name: 'multiroot',
    description: 'a multi-root workspace: the seed project and a second repository, each with its own map',
    createWorkspace: (dir) => createMultiRootWorkspace(dir),
    openPath: (dir) => path.join(dir, MULTI_ROOT_FILE),
  },
  {
    name: 'restricted',
    description:
      'Restricted Mode: the seed project untrusted, its .git/config naming an fsmonitor program and a filter driver',
    createWorkspace: (dir) => createHostileGitWorkspace(dir),
    // Trust is on (the runner's default turns it off) and nothing asks at start-up: the folder opens untrusted.
    // VS Code's own git extension is off: once trusted it would run the fsmonitor program itself.
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.untrustedFiles': 'open',
      'git.enabled': false,
    },
  },
  {
    name: 'nomap',
    description:
      'a repository with no map and no protocol document: Territory must start no git and record its activation time (npm run bench holds it to 15 ms)',
    createWorkspace: (dir) => createNoMapWorkspace(dir),
    env: (dir) => gitSpyEnvironment(dir),
    // VS Code's own git extension would start git too; the spy must see Territory's calls only.
    settings: { 'git.enabled': false },
    // What a user has: the production bundle, activated by its own activation events.
    installed: true,
  },
  {
    name: 'installed',
    description: "the packaged .vsix installed into VS Code, on a repository holding only the seed's protocol document",
    createWorkspace: (dir) => createProtocolOnlyWorkspace(dir),
    installed: true,
  },
];

/** The scenarios named (all when none is), in SCENARIOS order; throws on an unknown name. */
export function selectScenarios(names: readonly string[]): Scenario[] {
  const wanted = names
    .flatMap((n) => n.split(','))
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const unknown = wanted.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  }
  return SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.name));
}

/** The repository root, found from this file's place in out/test/runner/. */
export function repoRoot(): string {
  const root = path.resolve(__dirname, '..', '..', '..');
  const manifest = path.join(root, 'package.json');
  if (!existsSync(manifest) || (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name !== 'territory') {
    throw new Error(`${root} is not the Territory repository (run the compiled runner from out/test/runner/)`);
  }
  return root;
}

/** The compiled test index the extension host loads (without .js, as VS Code expects). */
export function testsIndex(root: string): string {
  return path.join(root, 'out', 'test', 'integration', 'index');
}

/** Fails early, with the reason, when a scenario has no compiled suites. */
export function checkSuites(root: string, scenario: Scenario): void {
  const dir = path.join(root, 'out', 'test', 'integration', scenario.name);
  const suites = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.js')) : [];
  if (suites.length === 0) {
    throw new Error(
      `scenario ${scenario.name}: no compiled suites in ${dir} (write test/integration/${scenario.name}/*.test.ts and build)`,
    );
  }
}

/** Fails early when the extension's entry point is missing, which would only show as an activation error later. */
export function checkExtension(extensionPath: string): void {
  const manifest = JSON.parse(readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { main?: string };
  if (
    manifest.main &&
    !existsSync(path.resolve(extensionPath, manifest.main)) &&
    !existsSync(path.resolve(extensionPath, `${manifest.main}.js`))
  ) {
    throw new Error(
      `the extension's main ${manifest.main} does not exist in ${extensionPath}: run \`node scripts/build.mjs\``,
    );
  }
}
