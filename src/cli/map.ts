// Where the CLI finds the folder and its map, and how it says a map cannot be used.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readFolderMap, type MapReading } from '../core/territory';
import { MAP_FILE_NAME, hasErrors, type DomainMap, type MapDiagnostic } from '../core/types';
import { findRepositoryRoot } from '../git/repository';
import type { CliOptions, CliOutput } from './flags';

/** The folder the map belongs to: the nearest ancestor holding territory.json, else the git top, else cwd. */
export async function findRoot(cwd: string): Promise<string> {
  return mapFileRoot(cwd) ?? (await findRepositoryRoot(cwd)) ?? cwd;
}

/**
 * The nearest ancestor of `cwd` holding territory.json, found on the file system alone; undefined
 * when there is none (findRoot then asks git). Commands that start git before reading the map
 * (the hooks' check, status) use it to know the folder without a process of its own.
 */
export function mapFileRoot(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, MAP_FILE_NAME))) return dir;
    // The search stops at the top of the work tree (a `.git` directory, or the `.git` file of a
    // submodule or linked worktree): a territory.json above it belongs to another project, and
    // its folder would not be where git runs.
    if (existsSync(path.join(dir, '.git'))) return undefined;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export async function loadMap(
  options: CliOptions,
  io: CliOutput,
): Promise<{ root: string; reading: MapReading; map: DomainMap } | number> {
  const root = await findRoot(options.cwd);
  const reading = await readFolderMap(root, options.map);
  return checkedMap(root, reading, options, io);
}

export function checkedMap(
  root: string,
  reading: MapReading,
  options: CliOptions,
  io: CliOutput,
): { root: string; reading: MapReading; map: DomainMap } | number {
  if (reading.failure !== undefined || reading.parsed?.map === undefined) {
    io.err(
      `territory: ${reading.failure ?? `cannot read a map from ${reading.source?.file}: ${firstError(reading.parsed?.diagnostics ?? [])}`}`,
    );
    return 2;
  }
  if (options.command !== 'validate' && hasErrors(reading.parsed.diagnostics)) {
    io.err(
      `territory: the map ${relative(options.cwd, reading.source?.file)} has errors (${firstError(reading.parsed.diagnostics)}); run "territory validate"`,
    );
    return 2;
  }
  return { root, reading, map: reading.parsed.map };
}

function firstError(diagnostics: readonly MapDiagnostic[]): string {
  const error = diagnostics.find((d) => d.severity === 'error');
  if (!error) return 'unknown error';
  return error.range ? `line ${error.range.line + 1}: ${error.message}` : error.message;
}

export function relative(from: string, file: string | undefined): string {
  if (file === undefined) return '(no file)';
  const rel = path.relative(from, file);
  return rel.startsWith('..') ? file : rel || '.';
}
