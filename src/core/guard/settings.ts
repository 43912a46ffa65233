// The guard's settings as the CLI and the hooks read them from the folder's .vscode/settings.json,
// so a commit checked in a terminal follows the same rules as the editor.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { checkOwner, type OwnersByDomain } from './codeowners';
import { EXEMPTIONS, parseExemptions, type Exemption } from './messageRules';

export interface GuardSettings {
  readonly exemptions: readonly Exemption[];
  readonly unassignedLocked: boolean;
  readonly codeOwners: OwnersByDomain;
  /** territory.baseBranch: a push may not delete it either. */
  readonly baseBranch: string;
  /** Setting values that were ignored, and why. */
  readonly problems: readonly string[];
}

export const DEFAULT_GUARD_SETTINGS: GuardSettings = { exemptions: EXEMPTIONS, unassignedLocked: true, codeOwners: {}, baseBranch: '', problems: [] };

/** `territory.codeOwners` (`{ "CORE": ["@team"] }`), checked owner by owner. */
export function readCodeOwners(value: unknown): { owners: Record<string, string[]>; problems: string[] } {
  const owners: Record<string, string[]> = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { owners, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { owners, problems: ['territory.codeOwners must be an object of domain id to owners'] };
  for (const [id, list] of Object.entries(value as Record<string, unknown>)) {
    const entries = typeof list === 'string' ? [list] : Array.isArray(list) ? list : [];
    for (const entry of entries) {
      const problem = typeof entry === 'string' ? checkOwner(entry.trim()) : 'an owner must be a string';
      if (problem) problems.push(`territory.codeOwners.${id}: ${problem}`);
      else (owners[id] ??= []).push((entry as string).trim());
    }
  }
  return { owners, problems };
}

export function guardSettingsFrom(data: Record<string, unknown>): GuardSettings {
  const problems: string[] = [];
  let exemptions: readonly Exemption[] = EXEMPTIONS;
  const raw = data['territory.commitExemptions'];
  if (Array.isArray(raw)) {
    const parsed = parseExemptions(raw.filter((w): w is string => typeof w === 'string'));
    exemptions = parsed.exemptions;
    problems.push(...parsed.unknown.map((w) => `territory.commitExemptions: unknown exemption "${w}" (known: ${EXEMPTIONS.join(', ')})`));
  }
  const owners = readCodeOwners(data['territory.codeOwners']);
  problems.push(...owners.problems);
  const base = data['territory.baseBranch'];
  return { exemptions, unassignedLocked: data['territory.unassigned'] !== 'shared', codeOwners: owners.owners, baseBranch: typeof base === 'string' ? base.trim() : '', problems };
}

/** Where the guard's settings live, relative to the folder. */
export const SETTINGS_FILE = '.vscode/settings.json';

/** The settings a settings file's text holds; defaults when there is none or it is broken. */
export function guardSettingsFromText(text: string | undefined): GuardSettings {
  if (text === undefined) return DEFAULT_GUARD_SETTINGS;
  const parsed: unknown = parse(text);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? guardSettingsFrom(parsed as Record<string, unknown>) : DEFAULT_GUARD_SETTINGS;
}

/** Defaults when the file is missing or broken: a hook must still run. */
export async function readGuardSettings(root: string): Promise<GuardSettings> {
  try {
    return guardSettingsFromText(await readFile(path.join(root, ...SETTINGS_FILE.split('/')), 'utf8'));
  } catch {
    return DEFAULT_GUARD_SETTINGS;
  }
}
