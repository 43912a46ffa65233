// Territory's settings, typed once: the extension reads them through VS Code's configuration, the
// CLI and the git hooks from the folder's .vscode/settings.json, and both go through `settingsFrom`
// so a value means the same thing (and falls back the same way) wherever it is read. User-level
// settings never reach a hook or CI: they live outside the folder.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { DEFAULT_MAX_COMMITS } from './commits/range';
import { readCodeOwners, type OwnersByDomain } from './guard/codeowners';
import { EXEMPTIONS, parseExemptions, type Exemption } from './guard/messageRules';
import { nestingProblem } from './jsonDepth';
import type { BadgeStyle, UnassignedPolicy } from './ownership/offLimits';

export const SETTINGS_SECTION = 'territory';

/** Setting keys, relative to the `territory` section: the manifest check holds them against package.json. */
export const Setting = {
  mapFile: 'mapFile',
  unassigned: 'unassigned',
  readonly: 'readonly',
  warnOffLimits: 'warnOffLimits',
  badge: 'badge',
  agentCommand: 'agentCommand',
  promptFolder: 'promptFolder',
  baseBranch: 'baseBranch',
  testTask: 'testTask',
  maxCommits: 'maxCommits',
  allowGitFsmonitor: 'allowGitFsmonitor',
  codeOwners: 'codeOwners',
  commitExemptions: 'commitExemptions',
  stallMinutes: 'stallMinutes',
  sandboxNetwork: 'sandboxNetwork',
  sandboxTerminals: 'sandboxTerminals',
  handoffStopHook: 'handoffStopHook',
} as const;

export type SettingKey = keyof typeof Setting;

export type { BadgeStyle, UnassignedPolicy };
export type ReadonlyMode = 'session' | 'workspace' | 'off';

export interface TerritorySettings {
  /** Map file relative to the folder root; empty means discover (territory.json, then markdown). */
  readonly mapFile: string;
  readonly unassigned: UnassignedPolicy;
  readonly readonly: ReadonlyMode;
  /** Show a warning when an off-limits file is opened. */
  readonly warnOffLimits: boolean;
  /** What an owned path's Explorer badge shows: the domain id (`FE`) or the terminal (`T4`). */
  readonly badge: BadgeStyle;
  /** The agent started in each domain terminal; `{promptFile}` / `{prompt}` placeholders. Empty: none. */
  readonly agentCommand: string;
  /** Folder (relative to the workspace folder) where generated prompts are written. */
  readonly promptFolder: string;
  /** Branch the commits view, the merge report and the checks compare with; empty: detect main/master. */
  readonly baseBranch: string;
  /** Name of the VS Code task that runs the full test suite; empty: none configured. */
  readonly testTask: string;
  /** The most commits the Commits by Domain view loads for one range. */
  readonly maxCommits: number;
  /** Let the repository's core.fsmonitor program run for Territory's own git reads. */
  readonly allowGitFsmonitor: boolean;
  /** `{ "CORE": ["@team"] }`: the owners CODEOWNERS names per domain. */
  readonly codeOwners: OwnersByDomain;
  /** Commits that need no domain prefix. */
  readonly commitExemptions: readonly Exemption[];
  /** Minutes without any sign of a working agent (that has a task) before the Session Board calls it stalled; 0: never. */
  readonly stallMinutes: number;
  /** The hosts a command under `territory sandbox` may reach (srt's allowedDomains); empty: no network. */
  readonly sandboxNetwork: readonly string[];
  /** Start each domain terminal inside `territory sandbox` (the OS sandbox with the domain's write limits). */
  readonly sandboxTerminals: boolean;
  /** A domain agent's Stop is turned back (once per request) while a blocking handoff request to it is open. */
  readonly handoffStopHook: boolean;
}

/** What an agent in a sandboxed domain terminal needs by default: the agents' APIs and the common package registries. */
export const DEFAULT_SANDBOX_NETWORK: readonly string[] = [
  'api.anthropic.com',
  'api.openai.com',
  'generativelanguage.googleapis.com',
  'api.githubcopilot.com',
  'registry.npmjs.org',
  'pypi.org',
  'files.pythonhosted.org',
];

export const DEFAULT_SETTINGS: TerritorySettings = {
  mapFile: '',
  unassigned: 'locked',
  readonly: 'session',
  warnOffLimits: true,
  badge: 'domainId',
  agentCommand: '',
  promptFolder: '.territory/prompts',
  baseBranch: '',
  testTask: '',
  maxCommits: DEFAULT_MAX_COMMITS,
  allowGitFsmonitor: false,
  codeOwners: {},
  commitExemptions: EXEMPTIONS,
  stallMinutes: 10,
  sandboxNetwork: DEFAULT_SANDBOX_NETWORK,
  sandboxTerminals: false,
  handoffStopHook: true,
};

export interface SettingsReading {
  readonly settings: TerritorySettings;
  /** Setting values that were ignored, and why. */
  readonly problems: readonly string[];
}

/** Clamps a configured commit cap to something the view can hold. */
export function normalizeMaxCommits(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(100_000, Math.max(50, Math.floor(value)))
    : DEFAULT_MAX_COMMITS;
}

/** A stall threshold between 0 (off) and a day; anything else falls back to the default. */
export function normalizeStallMinutes(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.min(1440, value)
    : DEFAULT_SETTINGS.stallMinutes;
}

/** Typed settings from raw values (`get` answers undefined for an unset key); bad values fall back to the default. */
export function settingsFrom(get: (key: SettingKey) => unknown): SettingsReading {
  const problems: string[] = [];
  const text = (key: SettingKey, fallback: string) => {
    const value = get(key);
    return typeof value === 'string' ? value.trim() || fallback : fallback;
  };
  const flag = (key: SettingKey, fallback: boolean) => {
    const value = get(key);
    return typeof value === 'boolean' ? value : fallback;
  };
  let commitExemptions = DEFAULT_SETTINGS.commitExemptions;
  const exemptions = get('commitExemptions');
  if (Array.isArray(exemptions)) {
    const parsed = parseExemptions(exemptions.filter((w): w is string => typeof w === 'string'));
    commitExemptions = parsed.exemptions;
    problems.push(
      ...parsed.unknown.map(
        (w) => `territory.commitExemptions: unknown exemption "${w}" (known: ${EXEMPTIONS.join(', ')})`,
      ),
    );
  }
  const owners = readCodeOwners(get('codeOwners'));
  problems.push(...owners.problems);
  const settings: TerritorySettings = {
    mapFile: text('mapFile', ''),
    unassigned: oneOf(get('unassigned'), ['locked', 'shared'], DEFAULT_SETTINGS.unassigned),
    readonly: oneOf(get('readonly'), ['session', 'workspace', 'off'], DEFAULT_SETTINGS.readonly),
    warnOffLimits: flag('warnOffLimits', DEFAULT_SETTINGS.warnOffLimits),
    badge: oneOf(get('badge'), ['domainId', 'terminal'], DEFAULT_SETTINGS.badge),
    agentCommand: text('agentCommand', ''),
    promptFolder: text('promptFolder', DEFAULT_SETTINGS.promptFolder),
    baseBranch: text('baseBranch', ''),
    testTask: text('testTask', ''),
    maxCommits: normalizeMaxCommits(get('maxCommits')),
    allowGitFsmonitor: get('allowGitFsmonitor') === true,
    codeOwners: owners.owners,
    commitExemptions,
    stallMinutes: normalizeStallMinutes(get('stallMinutes')),
    sandboxNetwork: hostList(get('sandboxNetwork'), problems),
    sandboxTerminals: flag('sandboxTerminals', DEFAULT_SETTINGS.sandboxTerminals),
    handoffStopHook: flag('handoffStopHook', DEFAULT_SETTINGS.handoffStopHook),
  };
  return { settings, problems };
}

/** Where the CLI and the hooks read the settings, relative to the folder. */
export const SETTINGS_FILE = '.vscode/settings.json';

/**
 * The settings a `.vscode/settings.json` text holds (flat `territory.*` keys); defaults when there
 * is none or it is broken. A file nested too deep for the parser (a branch can commit one) gives
 * the defaults and a problem naming its position: a hook reading it must still judge, with the map.
 */
export function settingsFromText(text: string | undefined, label = SETTINGS_FILE): SettingsReading {
  const tooDeep = text === undefined ? undefined : nestingProblem(text, label);
  if (tooDeep !== undefined)
    return {
      settings: DEFAULT_SETTINGS,
      problems: [`${tooDeep}; Territory's settings are read as their defaults until it is fixed`],
    };
  const parsed: unknown = text === undefined ? undefined : parse(text);
  const data =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return settingsFrom((key) => data[`${SETTINGS_SECTION}.${Setting[key]}`]);
}

/** The folder's settings as the CLI and the hooks see them; defaults when the file is missing or broken (a hook must still run). */
export async function readFolderSettings(root: string): Promise<SettingsReading> {
  let text: string | undefined;
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: a FIFO planted as the settings file must not hold the guard until its hook times out.
    handle = await open(path.join(root, ...SETTINGS_FILE.split('/')), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (!(await handle.stat()).isFile())
      return {
        settings: DEFAULT_SETTINGS,
        problems: [`${SETTINGS_FILE} is not a regular file; Territory's settings are read as their defaults`],
      };
    text = await handle.readFile('utf8');
  } catch {
    text = undefined;
  } finally {
    await handle?.close();
  }
  return settingsFromText(text);
}

/** srt refuses a bare `*` in allowedDomains (its README); anything but a host pattern is dropped with a problem. */
function hostList(value: unknown, problems: string[]): readonly string[] {
  if (!Array.isArray(value)) return DEFAULT_SETTINGS.sandboxNetwork;
  const hosts: string[] = [];
  for (const entry of value) {
    if (typeof entry === 'string' && /^(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(entry.trim())) hosts.push(entry.trim());
    else
      problems.push(
        `territory.sandboxNetwork: "${String(entry).slice(0, 60)}" is not a host (name, *.name, or an address, with an optional :port)`,
      );
  }
  return hosts;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
