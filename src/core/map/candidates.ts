// Which file is the map, decided over any listing of a folder: the working tree (discover.ts walks
// the disk), a commit's tree or the index (src/git/mapDiscovery.ts lists them). One order for all,
// so that the hooks and CI can ask "which file was the map at this commit" and get the answer the
// editor gives for the working tree.
import { MAP_FILE_NAME, type MapSourceKind } from '../types';

/** Markdown files larger than this are not searched for a table (nor read as a map). */
export const MAX_MARKDOWN_BYTES = 2 * 1024 * 1024;
/** How deep below docs/ and how many markdown files discovery looks at, so that it stays fast. */
export const DOCS_MAX_DEPTH = 4;
export const DOCS_MAX_FILES = 200;

const MARKDOWN = /\.md$/i;
const HANDOFF = /^HANDOFF_.*\.md$/i;

/** Byte order, as discovery sorts names on every platform. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a folder-relative path (`/`-separated) is one discovery may pick as the map when no
 * `territory.mapFile` is set: `territory.json`, a root `*.md` other than a handoff file, or a
 * `docs/**\/*.md` within DOCS_MAX_DEPTH, outside hidden folders and node_modules.
 */
export function isMapCandidate(relPath: string): boolean {
  if (relPath === MAP_FILE_NAME) return true;
  const parts = relPath.split('/');
  const name = parts[parts.length - 1] ?? '';
  if (!MARKDOWN.test(name)) return false;
  if (parts.length === 1) return !HANDOFF.test(name);
  if (parts[0] !== 'docs' || parts.length - 2 > DOCS_MAX_DEPTH) return false;
  return parts.slice(1, -1).every((dir) => dir !== '' && !dir.startsWith('.') && dir !== 'node_modules');
}

export interface ChosenMap {
  /** Folder-relative, `/`-separated. */
  readonly path: string;
  readonly kind: MapSourceKind;
}

export function kindOf(file: string): MapSourceKind {
  return /\.(md|markdown)$/i.test(file) ? 'markdown' : 'json';
}

/**
 * The map file among `files` (folder-relative paths of regular files; other paths are ignored), in
 * discovery's order: territory.json; the first root `*.md` by name holding a territory table;
 * the first `docs/**\/*.md` holding one, breadth first with names sorted, at most DOCS_MAX_FILES
 * looked at. `holdsTable` answers for a markdown path; it is asked in that order and no further.
 */
export function chooseMapFile(files: Iterable<string>, holdsTable: (path: string) => boolean): ChosenMap | undefined {
  const order = candidateOrder(files);
  if (order.json) return { path: MAP_FILE_NAME, kind: 'json' };
  const found = order.markdown.find(holdsTable);
  return found === undefined ? undefined : { path: found, kind: 'markdown' };
}

/**
 * The candidates of `files` in the order discovery tries them: whether territory.json is there
 * (it wins outright), then the markdown files to look into, root ones first, docs/ ones in walk
 * order up to DOCS_MAX_FILES.
 */
export function candidateOrder(files: Iterable<string>): { json: boolean; markdown: string[] } {
  const root: string[] = [];
  const docs: string[] = [];
  let json = false;
  for (const file of files) {
    if (file === MAP_FILE_NAME) json = true;
    else if (isMapCandidate(file)) (file.includes('/') ? docs : root).push(file);
  }
  return { json, markdown: [...root.sort(byName), ...docsInWalkOrder(docs).slice(0, DOCS_MAX_FILES)] };
}

/**
 * docs/ markdown paths in the order discover.ts's walk meets them: level by level; within a level,
 * folder by folder in the order the level above met them, each folder's files by name.
 */
function docsInWalkOrder(paths: readonly string[]): string[] {
  const byFolder = new Map<string, string[]>();
  const children = new Map<string, Set<string>>();
  for (const file of paths) {
    const cut = file.lastIndexOf('/');
    const folder = file.slice(0, cut);
    (byFolder.get(folder) ?? byFolder.set(folder, []).get(folder)!).push(file);
    // Every folder on the way is walked, files of its own or not.
    for (let dir = folder; dir.includes('/'); dir = dir.slice(0, dir.lastIndexOf('/'))) {
      const parent = dir.slice(0, dir.lastIndexOf('/'));
      (children.get(parent) ?? children.set(parent, new Set()).get(parent)!).add(dir);
    }
  }
  const order: string[] = [];
  let level = ['docs'];
  while (level.length > 0) {
    const next: string[] = [];
    for (const folder of level) {
      order.push(...(byFolder.get(folder) ?? []).sort(byName));
      next.push(...[...(children.get(folder) ?? [])].sort(byName));
    }
    level = next;
  }
  return order;
}
