// The subcommands that read the map and nothing else: validate, owner, domains, handoffs.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { walkFiles } from '../core/files';
import { readHandoffTexts } from '../core/handoffs/discover';
import { handoffsJson, handoffsText } from '../core/handoffs/report';
import { analyzeHandoffTexts } from '../core/handoffs/doneClaims';
import { OwnershipResolver, type Ownership } from '../core/ownership/resolver';
import { analyzeCoverage, CoverageCounter, type CoverageReport } from '../core/ownership/coverage';
import { diagnoseCoverage, readFolderMap } from '../core/territory';
import { hasErrors, type DomainMap } from '../core/types';
import { listRepositoryFilesInParts, type ListingParts } from '../git/files';
import { findMapFile } from '../core/map/discover';
import type { DomainsJson, OwnerJson, ValidateJson } from './json';
import { ownerKey } from '../core/ownership/offLimits';
import { noPositional, UsageError, type CliOptions, type CliOutput } from './flags';
import { checkedMap, findRoot, loadMap, relative } from './map';
import { count } from '../core/plural';

/**
 * The coverage of git's listing of the folder, counted while git lists: the index's files as soon as
 * git has read them, while it still walks the work tree for the untracked ones (at 100,000 files
 * that walk is most of validate's time). Undefined when git cannot list the folder.
 */
async function coverageWhileListing(map: DomainMap, parts: ListingParts): Promise<CoverageReport | undefined> {
  const counter = new CoverageCounter(map, OwnershipResolver.compile(map));
  const tracked = await parts.tracked;
  if (!tracked.ok) return undefined;
  // Slots in git's own order: the untracked files first, then the index's.
  counter.add(tracked.files, 1);
  // The totals per folder too, while git still walks: the report then adds only the untracked files' folders.
  counter.settle();
  const untracked = await parts.untracked;
  if (!untracked.ok) return undefined;
  counter.add(untracked.files, 0);
  return counter.report();
}

export async function validate(options: CliOptions, io: CliOutput): Promise<number> {
  const root = await findRoot(options.cwd);
  // The listing starts as soon as the folder is known to hold a map file, before the map is parsed.
  const located = await findMapFile(root, options.map).catch(() => undefined);
  const listing = located !== undefined ? listRepositoryFilesInParts(root) : undefined;
  const reading = await readFolderMap(root, options.map);
  // A map file that does not parse (syntax-error, empty-file, wrong-type) is validate's to report,
  // with its diagnostics, in text and JSON alike; only a missing or unreadable file is exit 2.
  const unparsed = reading.failure === undefined && reading.parsed !== undefined && reading.parsed.map === undefined;
  const loaded = unparsed ? { root, reading, map: undefined } : checkedMap(root, reading, options, io);
  if (typeof loaded === 'number') return loaded;
  const { map } = loaded;
  const diagnostics = [...(reading.parsed?.diagnostics ?? [])];
  let fileCount = 0;
  let unassigned: { path: string; files: number }[] = [];
  if (map && !hasErrors(diagnostics)) {
    const report =
      (await coverageWhileListing(map, listing ?? listRepositoryFilesInParts(root))) ??
      analyzeCoverage(map, OwnershipResolver.compile(map), await walkFiles(root));
    diagnostics.push(...diagnoseCoverage(reading, map, report));
    fileCount = report.fileCount;
    unassigned = report.unassignedDirectories.map((d) => ({ path: d.path, files: d.files }));
  }
  const ok = map !== undefined && !hasErrors(diagnostics);
  const file = relative(options.cwd, reading.source?.file);
  if (options.json) {
    const body: ValidateJson = {
      ok,
      root,
      mapFile: reading.source?.file,
      kind: reading.source?.kind,
      domains: map?.domains.length ?? 0,
      files: fileCount,
      diagnostics: diagnostics.map((d) => ({
        severity: d.severity,
        code: d.code,
        message: d.message,
        line: d.range ? d.range.line + 1 : undefined,
        column: d.range ? d.range.column + 1 : undefined,
      })),
      unassignedDirectories: unassigned,
    };
    io.out(JSON.stringify(body, null, 2));
  } else {
    for (const d of diagnostics) {
      const where = d.range ? `${file}:${d.range.line + 1}:${d.range.column + 1}` : file;
      io.out(`${where}: ${d.severity} [${d.code}] ${d.message}`);
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    io.out(
      `${file}: ${count(map?.domains.length ?? 0, 'domain')}, ${count(fileCount, 'file')} checked, ${count(errors, 'error')}, ${count(warnings, 'warning')}`,
    );
  }
  if (!ok)
    io.err(
      `territory: the map ${file} has ${count(diagnostics.filter((d) => d.severity === 'error').length, 'error')}`,
    );
  return ok ? 0 : 1;
}

function ownerRecord(input: string, relativePath: string | undefined, ownership: Ownership): OwnerJson {
  const record = { path: input, relativePath, owner: ownerKey(ownership) };
  if (ownership.kind === 'owned') {
    const { id, terminal, name } = ownership.domain;
    return { ...record, domain: { id, terminal, name }, pattern: ownership.pattern, viaHandoff: ownership.viaHandoff };
  }
  if (ownership.kind === 'contested')
    return { ...record, contestedBy: ownership.domains.map((d) => d.id), patterns: ownership.patterns };
  return record;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export async function owner(options: CliOptions, io: CliOutput): Promise<number> {
  const inputs = options.flags.positional;
  if (inputs.length === 0) throw new UsageError('owner needs at least one path');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const resolver = OwnershipResolver.compile(loaded.map);
  let outside = 0;
  const records = inputs.map((input) => {
    const relativePath = path.relative(loaded.root, path.resolve(options.cwd, input)).split(path.sep).join('/');
    const escapes = relativePath === '..' || relativePath.startsWith('../') || path.isAbsolute(relativePath);
    if (escapes) {
      outside++;
      return ownerRecord(input, undefined, { kind: 'outside' });
    }
    // A directory is answered as one (`backend/app/models` is CORE's when `backend/app/models/` is).
    return ownerRecord(
      input,
      relativePath,
      resolver.resolve(relativePath, /[\\/]$/.test(input) || isDirectory(path.resolve(options.cwd, input))),
    );
  });
  if (options.json) io.out(JSON.stringify(records, null, 2));
  else {
    for (const r of records) {
      const detail = r.contestedBy ? ` (${r.contestedBy.join(', ')})` : r.pattern ? ` (${r.pattern})` : '';
      io.out(`${r.path}\t${r.owner}${detail}`);
    }
  }
  if (outside > 0) {
    io.err(`territory: ${count(outside, 'path')} ${outside === 1 ? 'lies' : 'lie'} outside the folder ${loaded.root}`);
    return 2;
  }
  return 0;
}

export async function domains(options: CliOptions, io: CliOutput): Promise<number> {
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { map, reading } = loaded;
  if (options.json) {
    const body: DomainsJson = {
      mapFile: reading.source?.file,
      kind: reading.source?.kind,
      project: map.project,
      branch: map.branch,
      agentsPerTerminal: map.agentsPerTerminal,
      handoffFile: map.handoffFile,
      domains: map.domains,
    };
    io.out(JSON.stringify(body, null, 2));
  } else {
    io.out(
      `${relative(options.cwd, reading.source?.file)} (${reading.source?.kind})${map.project ? ` — ${map.project}` : ''}`,
    );
    for (const d of map.domains) {
      io.out(`${d.terminal}\t${d.id}\t${d.name}\t${d.prefixes.join(' ')}\t${d.paths.join(', ')}`);
    }
  }
  return 0;
}

export async function handoffs(options: CliOptions, io: CliOutput): Promise<number> {
  noPositional(options.flags, 'handoffs');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const context = { map, resolver: OwnershipResolver.compile(map) };
  const skipped: string[] = [];
  // A request its target claimed done in its own file reads as done (doneClaims.ts).
  const files = analyzeHandoffTexts(await readHandoffTexts(root, map.handoffFile, skipped), context);
  for (const reason of skipped) io.err(`territory: note: ${reason}`);
  const filter = { open: options.flags.flags.has('--open'), blocking: options.flags.flags.has('--blocking') };
  if (options.json) io.out(JSON.stringify(handoffsJson(root, map.handoffFile, files, filter), null, 2));
  else
    for (const line of handoffsText(files, filter, (file) => relative(options.cwd, path.join(root, file))))
      io.out(line);
  return 0;
}
