// Create Map's first proposal in a repository without a map: one domain per real top-level folder,
// with an id, a terminal and a commit prefix derived from the folder's name and validated like a
// hand-written map's. Nothing here reads the disk: the caller lists the folder.
import { DEFAULT_HANDOFF_FILE, type Domain, type DomainMap } from '../types';
import { DOMAIN_ID_PATTERN } from './validate';

export interface TopLevelEntry {
  readonly name: string;
  /** A real directory (a symbolic link is not one: it may lead out of the folder). */
  readonly directory: boolean;
}

export interface ProposedDomain {
  readonly folder: string;
  readonly domain: Domain;
  /** False for folders that usually hold generated files (dist/, build/ …): offered, not ticked. */
  readonly picked: boolean;
}

export interface MapProposal {
  readonly project: string;
  readonly domains: readonly ProposedDomain[];
  /** Folders left out, with the reason, for the user to read. */
  readonly skipped: readonly { readonly folder: string; readonly why: string }[];
}

/** Never offered: dependencies installed by a package manager. */
const DEPENDENCY_FOLDERS = new Set(['node_modules', 'bower_components', 'jspm_packages']);
/** Offered unticked: their files are usually built, not written. */
const GENERATED_FOLDERS = new Set([
  'dist',
  'out',
  'build',
  'coverage',
  'target',
  'bin',
  'obj',
  '__pycache__',
  'venv',
  'env',
  'tmp',
  'temp',
  'logs',
]);
/** Names that make a plain pattern: letters, digits and . _ - @ + (single inner spaces), no glob character. */
const PLAIN_NAME = /^[\p{L}\p{N}_.@+-]+( [\p{L}\p{N}_.@+-]+)*$/u;
const MAX_ID = 32;
const MAX_PROJECT = 100;

export function proposeMap(folderName: string, entries: readonly TopLevelEntry[]): MapProposal {
  const skipped: { folder: string; why: string }[] = [];
  const domains: ProposedDomain[] = [];
  const ids = new Set<string>();
  const folders = entries.filter((e) => e.directory).map((e) => e.name);
  for (const folder of [...folders].sort((a, b) => a.localeCompare(b, 'en'))) {
    if (folder.startsWith('.')) continue; // .git, .vscode, .github: tooling, not a part of the product
    if (DEPENDENCY_FOLDERS.has(folder)) continue;
    if (!PLAIN_NAME.test(folder)) {
      skipped.push({
        folder,
        why: 'its name holds characters a path pattern would read as a glob or a separator; add it by hand',
      });
      continue;
    }
    const id = uniqueId(idOf(folder), ids);
    ids.add(id);
    const domain: Domain = {
      id,
      terminal: `T${domains.length + 1}`,
      name: nameOf(folder),
      paths: [`/${folder}/`],
      prefixes: [`${id.toLowerCase().replace(/_/g, '-')}:`],
      rules: [],
    };
    domains.push({ folder, domain, picked: !GENERATED_FOLDERS.has(folder.toLowerCase()) });
  }
  return { project: projectOf(folderName), domains, skipped };
}

/** The map of the domains the user kept, terminals renumbered T1, T2 … in order. */
export function mapOfProposal(project: string, kept: readonly ProposedDomain[]): DomainMap {
  return {
    project,
    domains: kept.map((p, i) => ({ ...p.domain, terminal: `T${i + 1}` })),
    handoffFile: DEFAULT_HANDOFF_FILE,
  };
}

/** `web-app` → `WEB_APP`, `2024-data` → `D2024_DATA`, `café` → `CAFE`; `DOMAIN` when nothing ASCII is left. */
export function idOf(folder: string): string {
  const ascii = folder.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let id = ascii
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (id === '') id = 'DOMAIN';
  if (/^[0-9]/.test(id)) id = `D${id}`;
  return id.slice(0, MAX_ID).replace(/_+$/, '');
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) {
    const suffix = `_${n}`;
    id = `${base.slice(0, MAX_ID - suffix.length)}${suffix}`;
  }
  if (!DOMAIN_ID_PATTERN.test(id)) throw new Error(`proposed domain id ${JSON.stringify(id)} is not valid`);
  return id;
}

/** `web-app` → `Web app`. */
function nameOf(folder: string): string {
  const words = folder.replace(/[_-]+/g, ' ').trim();
  return words === '' ? folder : words.charAt(0).toUpperCase() + words.slice(1);
}

/** The workspace folder's name, as the map's project (control characters dropped, bounded). */
function projectOf(folderName: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = folderName.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean === '' ? 'project' : clean).slice(0, MAX_PROJECT);
}
