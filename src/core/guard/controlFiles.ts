// The files that steer Territory itself: whoever may write them decides the rules every domain is
// judged by. They are the lead's whatever the map says or `territory.unassigned` allows, and this
// is the one list of them: the agent guard refuses a domain's write, the commit hooks and CI refuse
// a domain's commit, and the exports hand them to the lead's owner.
import { WORKFLOW_FILE } from './ciWorkflow';
import { MAP_FILE_NAME } from '../types';

/** What a control file is, for the message that refuses it. */
export type LeadFileKind =
  | 'map'
  | 'checker'
  | 'settings'
  | 'territory'
  | 'agent-settings'
  | 'ci-workflow'
  | 'review'
  | 'attributes'
  | 'hooks'
  | 'git';

/**
 * Where GitHub reads CODEOWNERS, and the commitlint config Territory exports: who must review a
 * change and which messages pass are the lead's to decide.
 */
const REVIEW_FILES = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.commitlintrc.json'];

/** settings.ts's SETTINGS_FILE, written here because settings.ts reaches the exports, which read this list. */
const SETTINGS_FILE = '.vscode/settings.json';

/**
 * The agents' project files that carry the guard's hook: Gemini CLI's settings (geminiHook.ts) and
 * Codex CLI's hooks file and config, which can hold hooks inline (codexHook.ts).
 */
const AGENT_PROJECT_FILES = ['.gemini/settings.json', '.codex/hooks.json', '.codex/config.toml'];

/** Copilot CLI reads every `.github/hooks/*.json` (copilotHook.ts): the whole folder is the lead's. */
const AGENT_HOOKS_DIR = '.github/hooks';

/** The CLI copy `territory ci-workflow` commits and CI runs. */
export const VENDORED_CHECKER = '.territory/bin/territory.cjs';

/** Territory's own folder: the session plan, prompts, agent settings, guard and event logs, the vendored checker. */
export const TERRITORY_DIR = '.territory';

/**
 * The hook managers' files: what they hold decides which hooks git runs (core.hooksPath pointing
 * into `.husky/`, lefthook's and pre-commit's configurations, which they install from).
 */
const HOOK_MANAGER_FILES = [
  'lefthook.yml',
  'lefthook.yaml',
  '.lefthook.yml',
  '.lefthook.yaml',
  'lefthook-local.yml',
  'lefthook-local.yaml',
  '.pre-commit-config.yaml',
];

/**
 * The fixed part of the list, as glob-like patterns for the exports (CODEOWNERS) and the README:
 * each is a path from the map's folder, except those marked `anywhere` (at any depth below it).
 */
export const CONTROL_PATTERNS: readonly {
  readonly pattern: string;
  readonly kind: LeadFileKind;
  readonly anywhere?: true;
}[] = [
  { pattern: MAP_FILE_NAME, kind: 'map' },
  { pattern: `${TERRITORY_DIR}/`, kind: 'territory' },
  { pattern: SETTINGS_FILE, kind: 'settings' },
  { pattern: '.claude/settings*.json', kind: 'agent-settings' },
  ...AGENT_PROJECT_FILES.map((pattern) => ({ pattern, kind: 'agent-settings' as const })),
  { pattern: `${AGENT_HOOKS_DIR}/`, kind: 'agent-settings' },
  { pattern: WORKFLOW_FILE, kind: 'ci-workflow' },
  ...REVIEW_FILES.map((pattern) => ({ pattern, kind: 'review' as const })),
  { pattern: '.gitattributes', kind: 'attributes', anywhere: true },
  { pattern: '.husky/', kind: 'hooks' },
  ...HOOK_MANAGER_FILES.map((pattern) => ({ pattern, kind: 'hooks' as const })),
  { pattern: '.git/', kind: 'git' },
];

/** The kind of a fixed control file, or undefined. `path` is folder-relative and `/`-separated. */
function fixedKind(path: string): LeadFileKind | undefined {
  if (path === MAP_FILE_NAME) return 'map';
  if (path === VENDORED_CHECKER) return 'checker';
  if (path === TERRITORY_DIR || path.startsWith(`${TERRITORY_DIR}/`)) return 'territory';
  if (path === SETTINGS_FILE) return 'settings';
  if (/^\.claude\/settings[^/]*\.json$/.test(path) || AGENT_PROJECT_FILES.includes(path)) return 'agent-settings';
  if (path === AGENT_HOOKS_DIR || path.startsWith(`${AGENT_HOOKS_DIR}/`)) return 'agent-settings';
  if (path === WORKFLOW_FILE) return 'ci-workflow';
  if (REVIEW_FILES.includes(path)) return 'review';
  // Any .gitattributes: a filter or merge driver named there runs commands in every clone.
  if (path === '.gitattributes' || path.endsWith('/.gitattributes')) return 'attributes';
  if (path === '.husky' || path.startsWith('.husky/') || HOOK_MANAGER_FILES.includes(path)) return 'hooks';
  if (path === '.git' || path.startsWith('.git/')) return 'git';
  return undefined;
}

/**
 * Files that are the lead's whatever the map says: a commit or write that could rewrite the rules
 * must not be judged by them. Paths are folder-relative, `/`-separated.
 */
export interface LeadFiles {
  get(path: string): LeadFileKind | undefined;
  has(path: string): boolean;
  /** The map files among them (the map read now, the one judging, files that became the map). */
  readonly mapPaths: readonly string[];
  /** The hooks folders inside the folder (core.hooksPath), folder-relative. */
  readonly hooksDirs: readonly string[];
}

/**
 * The control files of a folder whose map lives at `mapPaths` (the map in force, the one judging
 * and any file a change made the map) and whose git hooks run from `hooksDirs` (folder-relative,
 * when core.hooksPath points inside the folder).
 */
export function leadFilesOf(mapPaths: readonly (string | undefined)[], hooksDirs: readonly string[] = []): LeadFiles {
  const maps = [...new Set(mapPaths.filter((p): p is string => p !== undefined && p !== ''))];
  const hooks = hooksDirs.map((dir) => dir.replace(/\/+$/, '')).filter((dir) => dir !== '' && !dir.startsWith('..'));
  const get = (path: string): LeadFileKind | undefined => {
    if (maps.includes(path)) return 'map';
    const fixed = fixedKind(path);
    if (fixed !== undefined) return fixed;
    if (hooks.some((dir) => path === dir || path.startsWith(`${dir}/`))) return 'hooks';
    return undefined;
  };
  return { get, has: (path) => get(path) !== undefined, mapPaths: maps, hooksDirs: hooks };
}

const WHAT: Record<LeadFileKind, string> = {
  map: 'the domain map',
  checker: 'the vendored checker CI runs',
  territory: "Territory's own files (session plan, prompts, agent settings, guard and event logs)",
  settings: 'the workspace settings the guard reads (territory.unassigned, territory.mapFile)',
  'agent-settings': "the agents' own settings (a hook or permission removed there opens the gate)",
  'ci-workflow': 'the CI workflow that checks the protocol',
  review: 'the review and commit-message rules (CODEOWNERS, the commitlint config)',
  attributes: 'git attributes (filters and merge drivers run commands)',
  hooks: 'the git hooks and the hook managers that decide which hooks run',
  git: "git's own directory (hooks and config)",
};

/** `the domain map`, `the git hooks …`: what a control file is, for people. */
export function describeLeadFile(kind: LeadFileKind): string {
  return WHAT[kind];
}

/** The owner label of a control file in the commit checks' reports. */
export function leadFileLabel(kind: LeadFileKind): string {
  return `unassigned (the lead's): ${describeLeadFile(kind)} ${kind === 'territory' || kind === 'hooks' ? 'are' : 'is'} always the lead's`;
}
