// The map a check judges with: the rules in force before the change it judges (DESIGN.md §7).
// Hooks judge with the map at HEAD, a range with the map at its base; a commit that edits the map
// must not be judged by its own edit.
import * as path from 'node:path';
import { splitRange } from '../core/commits/range';
import type { MapFrom } from '../core/guard/checkReport';
import type { MapFileLocation } from '../core/map/discover';
import { parseMapText } from '../core/territory';
import { hasErrors, type DomainMap } from '../core/types';
import { fileAtCommit, type Answer } from './guard';
import { mergeBase, resolveCommit } from './range';

export interface JudgingMap {
  readonly map: DomainMap;
  readonly from: MapFrom;
  /** The commit the map was read from; undefined for the working tree's. */
  readonly revision: string | undefined;
  /** The map file, relative to the folder, `/`-separated. */
  readonly file: string;
  /** Why the working tree's map was used instead, when it was. */
  readonly notice?: string;
}

/** `location`'s file relative to `root`, as git and the ownership rules write paths. */
export function mapPathOf(root: string, location: MapFileLocation): string {
  return path.relative(root, location.file).split(path.sep).join('/');
}

/**
 * The map as `commit` holds it at the path of the map read now. Without a commit (an unborn
 * branch) or when that commit has no such file (the map arrives with this change), the working
 * tree's map `current` judges, and the notice says so. A map that the commit holds but that has
 * errors is an error: the gate does not fall back to a map the change itself may have written.
 */
export async function mapAtCommit(root: string, current: DomainMap, location: MapFileLocation, commit: string | undefined, from: 'HEAD' | 'base'): Promise<Answer<JudgingMap>> {
  if (commit === undefined) return judgeMapText(root, current, location, undefined, undefined, from);
  const text = await fileAtCommit(root, commit, mapPathOf(root, location));
  if (!text.ok) return text;
  return judgeMapText(root, current, location, commit, text.value, from);
}

/** mapAtCommit with the map file's text already read at `commit` (undefined: the commit has none). */
export function judgeMapText(root: string, current: DomainMap, location: MapFileLocation, commit: string | undefined, text: string | undefined, from: 'HEAD' | 'base'): Answer<JudgingMap> {
  const file = mapPathOf(root, location);
  const working = (notice: string): Answer<JudgingMap> => ({ ok: true, value: { map: current, from: 'working tree', revision: undefined, file, notice } });
  if (commit === undefined) return working(`${from === 'HEAD' ? 'HEAD has no commit yet' : 'the range has no base'}: judged with the working tree's map ${file}`);
  if (text === undefined) return working(`${file} is not in ${commit.slice(0, 7)} (${from}): judged with the working tree's map`);
  const parsed = parseMapText(text, location.kind);
  if (parsed.map === undefined || hasErrors(parsed.diagnostics)) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error')?.message ?? 'no map in it';
    return { ok: false, reason: `the map ${file} at ${commit.slice(0, 7)} (${from}) cannot be read: ${first}` };
  }
  return { ok: true, value: { map: parsed.map, from, revision: commit, file } };
}

/**
 * The commit a range is measured from: `A` of `A..B`, the merge-base of `A...B`; undefined for a
 * single revision (all its history: there is no base). An end that names no commit is an error.
 */
export async function rangeBase(root: string, range: string): Promise<Answer<string | undefined>> {
  const parts = splitRange(range);
  if ('single' in parts) return { ok: true, value: undefined };
  const from = await resolveCommit(root, parts.from ?? 'HEAD');
  if (!from) return { ok: false, reason: `"${parts.from}" names no commit in this repository` };
  if (!parts.symmetric) return { ok: true, value: from };
  const to = await resolveCommit(root, parts.to);
  if (!to) return { ok: false, reason: `"${parts.to}" names no commit in this repository` };
  return { ok: true, value: await mergeBase(root, from, to) };
}
