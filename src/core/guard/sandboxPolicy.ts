// The write limits of a domain as an OS sandbox config (`@anthropic-ai/sandbox-runtime`, `srt`): a
// process started with it can write where the domain may and nowhere else in the folder, whatever
// tool or subprocess does the writing. srt's writes are allow-only (`filesystem.allowWrite`, with
// `denyWrite` taking precedence inside it) and on Linux both lists take literal paths only
// (bubblewrap binds concrete paths; srt's README, "Path Syntax (Linux)"), so the map's patterns are
// turned into paths here, from the folder's listing: the largest folders whose every file the domain
// may write, the domain's own literal folders (to create files in), its handoff file, and git's
// directory so that it can commit — less git's hooks and config.
import * as path from 'node:path';
import type { LeadFiles } from './controlFiles';
import { isLiteralSegment, compilePattern, type CompiledPattern } from '../ownership/pattern';
import { isOffLimits, type UnassignedPolicy } from '../ownership/offLimits';
import { coverPaths, mayHoldOwn, ownPatternsOf, type CoveredPath } from '../ownership/offLimitsGlobs';
import type { OwnershipResolver } from '../ownership/resolver';
import type { Domain, DomainMap } from '../types';

/** What srt reads from `--settings` (its README, "Configuration"). `denyRead` is required even empty. */
export interface SrtConfig {
  readonly filesystem: { readonly denyRead: string[]; readonly allowWrite: string[]; readonly denyWrite: string[] };
  readonly network: { readonly allowedDomains: string[]; readonly deniedDomains: string[] };
}

export interface SandboxInputs {
  /** The workspace folder, absolute. */
  readonly root: string;
  readonly map: DomainMap;
  readonly resolver: OwnershipResolver;
  readonly domain: Domain;
  /** The folder's files (git's listing: tracked and untracked), relative, `/`-separated. */
  readonly files: readonly string[];
  readonly unassigned: UnassignedPolicy;
  readonly leadFiles: LeadFiles;
  /** git's directories for this work tree (its own and the common one), absolute. */
  readonly gitDirs: readonly string[];
  /** Writable outside the folder: temporary files, caches, the agent's own state (absolute). */
  readonly outside: readonly string[];
  /** Hosts the command may reach (srt's `network.allowedDomains`; empty: no network). */
  readonly allowedDomains: readonly string[];
}

/** Files and folders of git's directory a sandboxed command must not change: what runs, and Territory's records. */
const GIT_PROTECTED = ['hooks', 'config', 'config.worktree', 'info', 'territory'];

export interface SandboxPolicy {
  readonly config: SrtConfig;
  /** Folder-relative paths the domain may write (folders end in `/`), for people. */
  readonly writable: readonly string[];
  /** What the sandbox cannot express, said once at start. */
  readonly notes: readonly string[];
}

export function sandboxPolicy(inputs: SandboxInputs): SandboxPolicy {
  const { root, map, resolver, domain, files, unassigned, leadFiles } = inputs;
  const mayWrite = (file: string) =>
    !leadFiles.has(file) && !isOffLimits(resolver.resolve(file), domain.id, unassigned);
  const writableSet = new Set(files.filter(mayWrite));
  const allow = new Set<string>();
  const deny = new Set<string>();
  const asEntry = (covered: CoveredPath) => (covered.folder ? `${covered.path}/` : covered.path);
  // The largest folders holding only files the domain may write, else the files one by one.
  for (const covered of coverPaths(
    files,
    (f) => writableSet.has(f),
    () => true,
  ))
    allow.add(asEntry(covered));
  // The domain's own literal folders, so that it can create files there (and the folders themselves).
  // A folder pattern where the listing has a file of that name is no folder: the file is not the domain's.
  const listed = new Set(files);
  const folders = (paths: readonly string[]) =>
    literalFolders(paths).filter((folder) => !listed.has(folder.segments.join('/')));
  for (const dir of folders(domain.paths).map((folder) => folder.segments.join('/'))) {
    if ([...allow].some((a) => a.endsWith('/') && (dir === a.slice(0, -1) || dir.startsWith(a)))) continue;
    allow.add(`${dir}/`);
    // What lies inside it but is not the domain's (other domains' nested folders, control files): the largest folders holding none of the domain's files.
    for (const covered of coverPaths(
      files,
      (f) => f.startsWith(`${dir}/`) && !writableSet.has(f),
      (d) => d.startsWith(`${dir}/`),
    ))
      deny.add(asEntry(covered));
  }
  // Other domains' literal folders nested inside an allowed folder, even before they hold a file;
  // not one the domain may own files in (its own pattern as specific, or contesting it).
  const own = ownPatternsOf(map, domain);
  for (const other of map.domains) {
    if (other.id === domain.id) continue;
    for (const folder of folders(other.paths)) {
      const dir = folder.segments.join('/');
      if (!mayHoldOwn(folder, own) && [...allow].some((a) => a.endsWith('/') && dir.startsWith(a))) deny.add(`${dir}/`);
    }
  }
  const handoff = map.handoffFile.replace('{domain}', domain.id).replace(/^\/+/, '');
  if (map.handoffFile.includes('{domain}')) allow.add(handoff);
  const absolute = (rel: string) => path.join(root, ...rel.replace(/\/$/, '').split('/'));
  const allowWrite = [...[...allow].sort().map(absolute), ...inputs.gitDirs, ...inputs.outside];
  const denyWrite = [
    ...[...deny].sort().map(absolute),
    ...inputs.gitDirs.flatMap((dir) => GIT_PROTECTED.map((name) => path.join(dir, name))),
  ];
  const notes: string[] = [];
  const globs = domain.paths.filter((p) =>
    compilePattern(p).some((c) => !c.anchored || !c.segments.every(isLiteralSegment)),
  );
  if (globs.length > 0) {
    notes.push(
      `${globs.join(', ')}: a pattern, not a folder: the sandbox lets ${domain.id} write the files it matches today; a new file it would match outside ${domain.id}'s folders needs the lead (or a restart after the file exists)`,
    );
  }
  return {
    config: {
      filesystem: { denyRead: [], allowWrite: unique(allowWrite), denyWrite: unique(denyWrite) },
      network: { allowedDomains: [...inputs.allowedDomains], deniedDomains: [] },
    },
    writable: [...allow].sort(),
    notes,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The anchored, wildcard-free folder patterns among `paths` (`backend/app/models/`, `/docs/`). */
function literalFolders(paths: readonly string[]): CompiledPattern[] {
  return paths
    .flatMap(compilePattern)
    .filter((compiled) => compiled.anchored && compiled.dirOnly && compiled.segments.every(isLiteralSegment));
}
