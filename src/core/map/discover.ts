import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MAP_FILE_NAME, type MapSourceKind, type ParsedMap } from '../types';
import { parseJsonMap } from './jsonMap';
import { hasTerritoryTable, parseMarkdownMap } from './markdownMap';
import { DOCS_MAX_DEPTH, DOCS_MAX_FILES, kindOf, MAX_MARKDOWN_BYTES } from './candidates';

export interface MapFileLocation {
  readonly file: string;
  readonly kind: MapSourceKind;
}

export { kindOf };

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * The map file of a workspace folder, in this order:
 * 1. `configured` (setting `territory.mapFile`, relative to `root` or absolute inside it). It is
 *    returned even when it does not exist, so that the user sees "cannot read" rather than a
 *    silently different map. A path outside the root throws.
 * 2. `<root>/territory.json`.
 * 3. The first root `*.md` (sorted by name, HANDOFF_*.md skipped) holding a territory table.
 * 4. The first `docs/**\/*.md` holding one, breadth first, names sorted, at most
 *    DOCS_MAX_DEPTH levels and DOCS_MAX_FILES files, hidden folders and node_modules skipped.
 */
export async function findMapFile(root: string, configured?: string): Promise<MapFileLocation | undefined> {
  const base = resolve(root);
  if (configured !== undefined && configured.trim() !== '') {
    const file = resolve(base, configured.trim());
    let inside = isInside(base, file);
    // Follow symbolic links too: a link inside the folder may point outside it.
    if (inside && (await isFile(file))) {
      try {
        inside = isInside(await realpath(base), await realpath(file));
      } catch {
        /* Unreadable: readMapFile reports it. */
      }
    }
    if (!inside)
      throw new Error(
        `territory.mapFile "${configured}" is outside the workspace folder ${base}; it must be a file inside it.`,
      );
    return { file, kind: kindOf(file) };
  }

  const json = join(base, MAP_FILE_NAME);
  if (await isFile(json)) return { file: json, kind: 'json' };

  const rootMarkdown = (await listMarkdown(base)).filter((name) => !/^HANDOFF_.*\.md$/i.test(name));
  for (const name of rootMarkdown) {
    if (await holdsTable(join(base, name))) return { file: join(base, name), kind: 'markdown' };
  }

  let level = [join(base, 'docs')];
  let budget = DOCS_MAX_FILES;
  for (let depth = 0; depth <= DOCS_MAX_DEPTH && level.length > 0 && budget > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      for (const name of await listMarkdown(dir)) {
        if (budget-- <= 0) return undefined;
        if (await holdsTable(join(dir, name))) return { file: join(dir, name), kind: 'markdown' };
      }
      next.push(...(await listDirectories(dir)).map((d) => join(dir, d)));
    }
    level = next;
  }
  return undefined;
}

async function entries(dir: string) {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch {
    return [];
  }
}

async function listMarkdown(dir: string): Promise<string[]> {
  return (await entries(dir)).filter((e) => e.isFile() && /\.md$/i.test(e.name)).map((e) => e.name);
}

async function listDirectories(dir: string): Promise<string[]> {
  return (await entries(dir))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => e.name);
}

async function holdsTable(file: string): Promise<boolean> {
  try {
    if ((await stat(file)).size > MAX_MARKDOWN_BYTES) return false;
    return hasTerritoryTable(await readFile(file, 'utf8'));
  } catch {
    return false;
  }
}

/** Reads and parses a map file. Never throws: a read error is a `read-error` diagnostic. */
export async function readMapFile(file: string, kind: MapSourceKind): Promise<ParsedMap> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (e as Error).message;
    return {
      kind,
      map: undefined,
      diagnostics: [{ severity: 'error', code: 'read-error', message: `Cannot read the map file ${file}: ${reason}.` }],
    };
  }
  // VS Code hides a byte-order mark from the document, so positions are counted without it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (kind === 'json') return parseJsonMap(text);
  return (
    parseMarkdownMap(text) ?? {
      kind,
      map: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: 'no-territory-table',
          message: `${file} holds no table with the columns Terminal, Domain Name, Exclusive Paths and Commit Prefix.`,
        },
      ],
    }
  );
}
