// The settings of the git features, as the CLI reads them from the folder's .vscode/settings.json,
// so that `territory commits` in a terminal measures the same range as the view in the editor.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { DEFAULT_MAX_COMMITS } from './range';

export interface GitSettings {
  readonly baseBranch: string;
  readonly testTask: string;
  readonly maxCommits: number;
  readonly unassignedLocked: boolean;
}

export const DEFAULT_GIT_SETTINGS: GitSettings = { baseBranch: '', testTask: '', maxCommits: DEFAULT_MAX_COMMITS, unassignedLocked: true };

/** Clamps a configured commit cap to something the view can hold. */
export function normalizeMaxCommits(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(100_000, Math.max(50, Math.floor(value))) : DEFAULT_MAX_COMMITS;
}

/** `territory.*` from `<root>/.vscode/settings.json` (JSON with comments); defaults when absent or broken. */
export async function readWorkspaceGitSettings(root: string): Promise<GitSettings> {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = parse(await readFile(path.join(root, '.vscode', 'settings.json'), 'utf8'));
    if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
  } catch {
    return DEFAULT_GIT_SETTINGS;
  }
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).trim() : '');
  return {
    baseBranch: text('territory.baseBranch'),
    testTask: text('territory.testTask'),
    maxCommits: normalizeMaxCommits(data['territory.maxCommits']),
    unassignedLocked: data['territory.unassigned'] !== 'shared',
  };
}
