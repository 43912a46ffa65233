// The map a check judges with: the rules in force before the change it judges (DESIGN.md §7).
// Hooks judge with the map at HEAD, a range with the map at its base; a commit that edits the map
// must not be judged by its own edit.
import * as path from 'node:path';
import { splitRange } from '../core/commits/range';
import type { MapFrom } from '../core/guard/checkReport';
import type { MapFileLocation } from '../core/map/discover';
import { parseMapText } from '../core/territory';
import { hasErrors, type DomainMap } from '../core/types';
import type { Answer } from './guard';
import { mapFileAtCommit } from './mapDiscovery';
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
 * The map `commit` holds, found in its tree as discovery finds it in a working tree (which file is
 * the map is part of the map: a change that deletes territory.json, or adds a root `0.md` holding a
 * table, must not pick its own rules). Without a commit (an unborn branch, a range with no base),
 * or when the commit holds no map at all (the first map arrives with this change), the working
 * tree's map `current` is adopted, and the notice says so. A map the commit holds that has errors is
 * an error: the gate does not fall back to a map the change itself may have written.
 */
export async function mapAtCommit(
  root: string,
  current: DomainMap,
  location: MapFileLocation,
  commit: string | undefined,
  from: 'HEAD' | 'base',
  configured?: string,
): Promise<Answer<JudgingMap>> {
  if (commit === undefined) return judgeMapText(root, current, location, undefined, undefined, from);
  const found = await mapFileAtCommit(root, commit, configured);
  if (!found.ok) return found;
  if (found.value === undefined) return judgeMapText(root, current, location, commit, undefined, from);
  return judgeMapText(
    root,
    current,
    { file: path.join(root, ...found.value.path.split('/')), kind: found.value.kind },
    commit,
    found.value.text,
    from,
  );
}

/**
 * The judging map from the map file's text at `commit` (`location` is where the commit holds it;
 * text undefined: the commit holds no map, and the working tree's `current` is adopted).
 */
export function judgeMapText(
  root: string,
  current: DomainMap,
  location: MapFileLocation,
  commit: string | undefined,
  text: string | undefined,
  from: 'HEAD' | 'base',
): Answer<JudgingMap> {
  const file = mapPathOf(root, location);
  const working = (notice: string): Answer<JudgingMap> => ({
    ok: true,
    value: { map: current, from: 'working tree', revision: undefined, file, notice },
  });
  if (commit === undefined)
    return working(
      `${from === 'HEAD' ? 'HEAD has no commit yet' : 'the range has no base'}: judged with the working tree's map ${file}`,
    );
  if (text === undefined)
    return working(
      `${commit.slice(0, 7)} (${from}) holds no domain map: the first map is adopted, judged with the working tree's map ${file}`,
    );
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
