import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readsOutsideFolder } from '../safePath';
import type { Domain } from '../types';
import { DEFAULT_HANDOFF_FILE } from '../types';

/** What a handoff file's name says about its source. */
export type HandoffFileName =
  /** Follows the template and names a domain of the map (its id, in the map's case). */
  | { readonly kind: 'domain'; readonly domain: string }
  /** Follows the template but names no domain (`HANDOFF_FROM_DB.md`). */
  | { readonly kind: 'unknown-domain'; readonly name: string; readonly hint: Domain | undefined }
  /** A root `HANDOFF_*.md` that does not follow the template (`HANDOFF_NOTES.md`). */
  | { readonly kind: 'other' };

const ANY_HANDOFF = /^HANDOFF_.*\.md$/i;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The template as a regular expression with one capture: the domain (as the resolver reads it). */
function templateRegExp(template: string): RegExp | undefined {
  if (!template.includes('{domain}')) return undefined;
  return new RegExp(`^${template.split('{domain}').map(escape).join('([A-Za-z0-9_]+)')}$`);
}

/** Folder-relative directories that may hold handoff files: the root and the template's directory. */
export function handoffDirectories(template: string): string[] {
  const dir = path.posix.dirname(template.replace(/\\/g, '/'));
  return dir === '.' || dir === '' ? [''] : ['', dir];
}

/**
 * Whether a folder-relative path is a handoff file, and what its name says. Undefined for any
 * other file. Without `domains` (no map yet), every name that follows the template counts as a domain.
 */
export function classifyHandoffPath(
  relativePath: string,
  template = DEFAULT_HANDOFF_FILE,
  domains?: readonly Domain[],
): HandoffFileName | undefined {
  const normalised = relativePath.replace(/\\/g, '/');
  const name = templateRegExp(template)?.exec(normalised)?.[1];
  if (name !== undefined) {
    // The id exactly as the map writes it, as the resolver gives the file to its domain:
    // HANDOFF_FROM_core.md is not CORE's (it gets a hint to be renamed instead).
    if (domains === undefined) return { kind: 'domain', domain: name };
    const domain = domains.find((d) => d.id === name);
    if (domain) return { kind: 'domain', domain: domain.id };
    const upper = name.toUpperCase();
    const hint = domains.find(
      (d) => d.id.toUpperCase() === upper || d.terminal.toUpperCase() === upper || d.name.toUpperCase() === upper,
    );
    return { kind: 'unknown-domain', name, hint };
  }
  if (!normalised.includes('/') && ANY_HANDOFF.test(normalised)) return { kind: 'other' };
  return undefined;
}

/**
 * The handoff files of the folder at `root`, folder-relative, sorted. Missing directories are
 * skipped, and so is a directory that a symbolic link leads out of the folder (a branch could
 * point `handoffs/` anywhere on the machine): its reason goes to `skipped`. Linked files are
 * never taken (only regular files are).
 */
export async function findHandoffFiles(
  root: string,
  template = DEFAULT_HANDOFF_FILE,
  skipped?: string[],
): Promise<string[]> {
  const found = new Set<string>();
  for (const dir of handoffDirectories(template)) {
    const outside = dir === '' ? undefined : await readsOutsideFolder(root, dir);
    if (outside !== undefined) {
      skipped?.push(outside);
      continue;
    }
    let entries;
    try {
      entries = await readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isFile() && classifyHandoffPath(relative, template) !== undefined) found.add(relative);
    }
  }
  return [...found].sort();
}

/** Reads the handoff files found under `root` as text (files that vanish in between are skipped; see findHandoffFiles for `skipped`). */
export async function readHandoffTexts(
  root: string,
  template = DEFAULT_HANDOFF_FILE,
  skipped?: string[],
): Promise<{ path: string; text: string }[]> {
  const texts: { path: string; text: string }[] = [];
  for (const relative of await findHandoffFiles(root, template, skipped)) {
    try {
      texts.push({ path: relative, text: await readFile(path.join(root, relative), 'utf8') });
    } catch {
      // Deleted between listing and reading: a terminal cleaning up. Nothing to report.
    }
  }
  return texts;
}
