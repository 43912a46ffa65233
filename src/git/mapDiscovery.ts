// Which file is the map at a commit, and which files a commit or the index turns into a map: the
// hooks and CI judge with the map the rules were in before the change, so they must find it in
// git's trees, never in a working tree a domain can rearrange (hide territory.json, add a root
// `0.md` holding a table).
import { candidateOrder, isMapCandidate, kindOf, MAX_MARKDOWN_BYTES, type ChosenMap } from '../core/map/candidates';
import { hasTerritoryTable } from '../core/map/markdownMap';
import { parseBatch } from '../core/guard/gitReads';
import { MAP_FILE_NAME } from '../core/types';
import { startGit } from './door';
import type { Answer } from './guard';
import { gitFailure } from './run';

/** A map found in git: where, what kind, and its text. */
export interface MapInGit extends ChosenMap {
  readonly text: string;
}

/** How many markdown files one cat-file process is asked for at once. */
const CHUNK = 64;

/** A cat-file request for `relPath` (folder-relative) in `rev` (a commit hash), or in the index when `rev` is ''. */
function request(rev: string, relPath: string): string {
  return `${rev}:./${relPath}`;
}

/** The blobs of `requests` (undefined for a missing one or another kind of object), read in one process. */
export async function readBlobs(root: string, requests: readonly string[]): Promise<Answer<(string | undefined)[]>> {
  if (requests.length === 0) return { ok: true, value: [] };
  if (requests.some((r) => /[\r\n]/.test(r)))
    return { ok: false, reason: 'a file name holding a line break cannot be read from git' };
  const run = await startGit(root, ['cat-file', '--batch'], { input: requests.join('\n') + '\n', encoding: 'latin1' });
  if (run.code !== 0) return { ok: false, reason: gitFailure(run, 'git cat-file --batch') };
  const batch = parseBatch(run.stdout, requests.length);
  if (batch === undefined) return { ok: false, reason: 'git cat-file --batch answered in an unexpected form' };
  return { ok: true, value: batch.objects.map((o) => (o?.type === 'blob' ? o.content : undefined)) };
}

/** Whether each markdown file of `requests` holds a territory table (a file larger than discovery reads holds none). */
export async function holdTables(root: string, requests: readonly string[]): Promise<Answer<boolean[]>> {
  const answers: boolean[] = [];
  for (let i = 0; i < requests.length; i += CHUNK) {
    const blobs = await readBlobs(root, requests.slice(i, i + CHUNK));
    if (!blobs.ok) return blobs;
    answers.push(
      ...blobs.value.map((text) => text !== undefined && text.length <= MAX_MARKDOWN_BYTES && hasTerritoryTable(text)),
    );
  }
  return { ok: true, value: answers };
}

/**
 * `git ls-tree -z` of `commit` in the folder (`-r` below `under`): the blobs' folder-relative paths,
 * and whether a `docs` folder is among the entries.
 */
async function listBlobs(
  root: string,
  commit: string,
  under?: string,
): Promise<Answer<{ entries: string[]; docs: boolean }>> {
  const run = await startGit(root, [
    'ls-tree',
    '-z',
    ...(under !== undefined ? ['-r', commit, '--', under] : [commit]),
  ]);
  if (run.code !== 0) return { ok: false, reason: gitFailure(run, 'git ls-tree') };
  const entries: string[] = [];
  let docs = false;
  for (const entry of run.stdout.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [, type] = entry.slice(0, tab).split(' ');
    if (type === 'blob') entries.push(entry.slice(tab + 1));
    else if (type === 'tree' && entry.slice(tab + 1) === 'docs') docs = true;
  }
  return { ok: true, value: { entries, docs } };
}

/**
 * The map at `commit` (a hash), found as discovery finds it in a working tree (core/map/candidates.ts),
 * or as `configured` (territory.mapFile, folder-relative) names it; undefined when the commit holds none.
 */
export async function mapFileAtCommit(
  root: string,
  commit: string,
  configured?: string,
): Promise<Answer<MapInGit | undefined>> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) return { ok: false, reason: `not a commit hash: ${commit}` };
  if (configured !== undefined && configured.trim() !== '') {
    const file = configured.trim().replace(/^\.\//, '');
    const blobs = await readBlobs(root, [request(commit, file)]);
    if (!blobs.ok) return blobs;
    const text = blobs.value[0];
    return { ok: true, value: text === undefined ? undefined : { path: file, kind: kindOf(file), text } };
  }
  const top = await listBlobs(root, commit);
  if (!top.ok) return top;
  const atRoot = candidateOrder(top.value.entries);
  if (atRoot.json) {
    const blobs = await readBlobs(root, [request(commit, MAP_FILE_NAME)]);
    if (!blobs.ok) return blobs;
    const text = blobs.value[0];
    return { ok: true, value: text === undefined ? undefined : { path: MAP_FILE_NAME, kind: 'json', text } };
  }
  const found = await firstWithTable(root, commit, atRoot.markdown);
  // docs/ is walked only when no root file is the map, as discovery does.
  if (!found.ok || found.value !== undefined || !top.value.docs) return found;
  const docs = await listBlobs(root, commit, 'docs');
  if (!docs.ok) return docs;
  return firstWithTable(root, commit, candidateOrder(docs.value.entries).markdown);
}

/** The first of `paths` (in that order) that holds a territory table at `commit`, with its text. */
async function firstWithTable(
  root: string,
  commit: string,
  paths: readonly string[],
): Promise<Answer<MapInGit | undefined>> {
  for (let i = 0; i < paths.length; i += CHUNK) {
    const chunk = paths.slice(i, i + CHUNK);
    const blobs = await readBlobs(
      root,
      chunk.map((p) => request(commit, p)),
    );
    if (!blobs.ok) return blobs;
    for (const [j, text] of blobs.value.entries()) {
      if (text !== undefined && text.length <= MAX_MARKDOWN_BYTES && hasTerritoryTable(text))
        return { ok: true, value: { path: chunk[j]!, kind: 'markdown', text } };
    }
  }
  return { ok: true, value: undefined };
}

/**
 * The files among `changed` (folder-relative, each with the revision holding its new text: a
 * commit hash, or '' for the index) that would be taken for the map: territory.json, or a
 * markdown file discovery looks at whose new text holds a territory table. A change that adds or
 * fills such a file changes which file is the map (or could, once an earlier one goes): the lead's.
 */
export async function filesBecomingMaps(
  root: string,
  changed: readonly { readonly rev: string; readonly path: string }[],
): Promise<Answer<string[]>> {
  const markdown = changed.filter((c) => c.path !== MAP_FILE_NAME && isMapCandidate(c.path));
  const tables = await holdTables(
    root,
    markdown.map((c) => request(c.rev, c.path)),
  );
  if (!tables.ok) return tables;
  const maps = new Set(changed.filter((c) => c.path === MAP_FILE_NAME).map((c) => c.path));
  markdown.forEach((c, i) => tables.value[i] && maps.add(c.path));
  return { ok: true, value: [...maps] };
}
