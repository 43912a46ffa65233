// Installs, removes and inspects Territory's git hooks. The hooks directory is git's own answer
// (`git rev-parse --git-path hooks`), so core.hooksPath and worktrees are honoured. A hook that was
// there before is renamed to `<hook>.territory-chained` (a rename keeps its bytes and mode) and
// called by Territory's hook; uninstalling renames it back.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CHAINED_SUFFIX, HOOK_NAMES, hookScript, hookTextKind, isTerritoryHook, type HookName } from '../core/guard/hookScript';
import { gitFailure, runGit } from './run';

export type HookState =
  /** Territory's hook, as this version writes it. */
  | 'territory'
  /** Territory's hook from another version: install again to update it. */
  | 'outdated'
  /** Territory's hook with changes someone made after it was written: never overwritten or deleted. */
  | 'edited'
  /** Someone else's hook (or a symbolic link): Territory's is not installed. */
  | 'other'
  | 'missing';

export interface HookInfo {
  readonly name: HookName;
  readonly file: string;
  readonly state: HookState;
  /** A hook Territory replaced is kept and called. */
  readonly chained: boolean;
}

export interface HooksStatus {
  readonly dir: string;
  /** core.hooksPath as configured, when it is. */
  readonly hooksPath: string | undefined;
  /** The hooks directory lies outside this repository (a core.hooksPath shared by several). */
  readonly shared: boolean;
  readonly hooks: HookInfo[];
  /** Every hook is Territory's current one. */
  readonly installed: boolean;
}

export type HooksResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface HookChange {
  readonly name: HookName;
  readonly action: 'installed' | 'updated' | 'unchanged' | 'chained' | 'removed' | 'restored' | 'absent' | 'left' | 'refused';
  readonly detail?: string;
}

const MODE = 0o755;

async function lstat(file: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await fs.lstat(file);
  } catch {
    return undefined;
  }
}

/** The directory git runs hooks from, absolute, with core.hooksPath as configured. */
export async function hooksDirectory(root: string): Promise<HooksResult<{ dir: string; hooksPath: string | undefined; shared: boolean }>> {
  const dir = await runGit(root, ['rev-parse', '--git-path', 'hooks']);
  if (dir.code !== 0) return { ok: false, reason: gitFailure(dir, 'not a git repository') };
  const common = await runGit(root, ['rev-parse', '--git-common-dir']);
  const top = await runGit(root, ['rev-parse', '--show-toplevel']);
  const configured = (await runGit(root, ['config', '--get', 'core.hooksPath'])).stdout.trim();
  const absolute = path.resolve(root, dir.stdout.trim());
  const inside = (base: string) => {
    if (base === '') return false;
    const rel = path.relative(path.resolve(root, base), absolute);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  const shared = !inside(common.stdout.trim()) && !inside(top.stdout.trim());
  return { ok: true, value: { dir: absolute, hooksPath: configured === '' ? undefined : configured, shared } };
}

async function hookInfo(dir: string, name: HookName): Promise<HookInfo> {
  const file = path.join(dir, name);
  const chained = (await lstat(file + CHAINED_SUFFIX)) !== undefined;
  const stat = await lstat(file);
  if (!stat) return { name, file, state: 'missing', chained };
  // Only a regular file can be Territory's: a symbolic link is never written through.
  if (!stat.isFile()) return { name, file, state: 'other', chained };
  const text = await fs.readFile(file, 'utf8');
  if (!isTerritoryHook(text)) return { name, file, state: 'other', chained };
  const kind = hookTextKind(name, text);
  return { name, file, state: kind === 'current' ? 'territory' : kind === 'earlier' ? 'outdated' : 'edited', chained };
}

export async function readHooksStatus(root: string): Promise<HooksResult<HooksStatus>> {
  const where = await hooksDirectory(root);
  if (!where.ok) return where;
  const hooks = await Promise.all(HOOK_NAMES.map((name) => hookInfo(where.value.dir, name)));
  return { ok: true, value: { ...where.value, hooks, installed: hooks.every((h) => h.state === 'territory') } };
}

/**
 * The Domains view's Git hooks line, as its contextValue (the menus in package.json key on it):
 * `partial` when some of Territory's hooks are there but not all current, so that the line offers
 * Uninstall as well as Install.
 */
export function hooksContextValue(status: HooksStatus): 'gitHooks.installed' | 'gitHooks.partial' | 'gitHooks.missing' {
  if (status.installed) return 'gitHooks.installed';
  const some = status.hooks.some((h) => h.state === 'territory' || h.state === 'outdated' || h.state === 'edited');
  return some ? 'gitHooks.partial' : 'gitHooks.missing';
}

/** Where the CLI the hooks run and its Node.js are (see hookScript: the hooks look nowhere in the work tree). */
export interface CliLocation {
  readonly cli: string;
  readonly node: string | undefined;
}

async function realPath(file: string): Promise<string | undefined> {
  return fs.realpath(file).catch(() => undefined);
}

/**
 * The git object id of a CLI that lies inside the work tree, where a checkout can replace it: the
 * hooks run it only while it still hashes to this. Undefined for a CLI outside the work tree.
 */
async function workTreeCliHash(root: string, cli: string): Promise<HooksResult<string | undefined>> {
  const [real, top] = await Promise.all([realPath(cli), realPath(root)]);
  if (real === undefined || top === undefined) return { ok: true, value: undefined };
  const rel = path.relative(top, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { ok: true, value: undefined };
  // --no-filters: the repository's own clean filters (its programs) never run here, and the id
  // matches what the hook computes with the same flag.
  const hash = await runGit(root, ['hash-object', '--no-filters', '--', real]);
  if (hash.code !== 0) return { ok: false, reason: gitFailure(hash, `git hash-object ${cli}`) };
  return { ok: true, value: hash.stdout.trim() };
}

/** Records the CLI in the repository's own git config; nothing is written when it is already current. */
export async function recordCli(root: string, location: CliLocation): Promise<HooksResult<boolean>> {
  const hash = await workTreeCliHash(root, location.cli);
  if (!hash.ok) return hash;
  let changed = false;
  const entries = [
    ['territory.cli', location.cli],
    ['territory.node', location.node],
    ['territory.cliHash', hash.value ?? ''],
  ] as const;
  for (const [key, value] of entries) {
    const current = (await runGit(root, ['config', '--local', '--get', key])).stdout.trim();
    if (value === undefined || value === current) continue;
    // An empty value is "none": a CLI outside the work tree carries no hash to check.
    const set = await runGit(root, value === '' ? ['config', '--local', '--unset-all', key] : ['config', '--local', key, value]);
    if (set.code !== 0) return { ok: false, reason: gitFailure(set, `git config ${key}`) };
    changed = true;
  }
  return { ok: true, value: changed };
}

async function forgetCli(root: string): Promise<void> {
  for (const key of ['territory.cli', 'territory.node', 'territory.cliHash']) await runGit(root, ['config', '--local', '--unset-all', key]);
}

async function writeHook(file: string, name: HookName): Promise<void> {
  await fs.writeFile(file, hookScript(name), { mode: MODE });
  await fs.chmod(file, MODE);
}

/** Why an edited Territory hook is left alone, and what the user can do. */
function editedDetail(name: HookName, what: 'overwritten' | 'deleted'): string {
  return `${name} was changed after Territory wrote it, and would lose those changes if ${what}: move your lines to a hook of your own (${name}${CHAINED_SUFFIX} runs first) or delete ${name}, then run this again`;
}

/** Installs (or updates) the three hooks, chaining to the ones already there. */
export async function installHooks(root: string, cli?: CliLocation): Promise<HooksResult<{ status: HooksStatus; changes: HookChange[] }>> {
  const where = await hooksDirectory(root);
  if (!where.ok) return where;
  const { dir } = where.value;
  await fs.mkdir(dir, { recursive: true });
  const changes: HookChange[] = [];
  for (const name of HOOK_NAMES) {
    const info = await hookInfo(dir, name);
    const chainedFile = info.file + CHAINED_SUFFIX;
    if (info.state === 'territory') changes.push({ name, action: 'unchanged' });
    else if (info.state === 'edited') changes.push({ name, action: 'refused', detail: editedDetail(name, 'overwritten') });
    else if (info.state === 'outdated') {
      await writeHook(info.file, name);
      changes.push({ name, action: 'updated' });
    } else if (info.state === 'missing') {
      await writeHook(info.file, name);
      changes.push({ name, action: 'installed', detail: info.chained ? `calls the existing ${name}${CHAINED_SUFFIX}` : undefined });
    } else if (info.chained) {
      // Both a foreign hook and an earlier chained one: moving would lose one of them.
      changes.push({ name, action: 'refused', detail: `both ${name} and ${name}${CHAINED_SUFFIX} exist; merge them by hand, then install again` });
    } else {
      await fs.rename(info.file, chainedFile);
      await writeHook(info.file, name);
      changes.push({ name, action: 'chained', detail: `your ${name} is kept as ${name}${CHAINED_SUFFIX} and runs first` });
    }
  }
  if (cli) {
    const recorded = await recordCli(root, cli);
    if (!recorded.ok) return recorded;
  }
  const status = await readHooksStatus(root);
  if (!status.ok) return status;
  return { ok: true, value: { status: status.value, changes } };
}

/** Removes Territory's hooks and puts back the ones they replaced, byte for byte and with their mode. */
export async function uninstallHooks(root: string): Promise<HooksResult<{ status: HooksStatus; changes: HookChange[] }>> {
  const where = await hooksDirectory(root);
  if (!where.ok) return where;
  const changes: HookChange[] = [];
  for (const name of HOOK_NAMES) {
    const info = await hookInfo(where.value.dir, name);
    const chainedFile = info.file + CHAINED_SUFFIX;
    if (info.state === 'edited') {
      changes.push({ name, action: 'refused', detail: editedDetail(name, 'deleted') });
      continue;
    }
    if (info.state === 'other') {
      changes.push({ name, action: 'left', detail: info.chained ? `${name} is not Territory's; ${name}${CHAINED_SUFFIX} left as well` : `${name} is not Territory's` });
      continue;
    }
    if (info.state !== 'missing') await fs.unlink(info.file);
    if (info.chained) {
      await fs.rename(chainedFile, info.file);
      changes.push({ name, action: 'restored' });
    } else changes.push({ name, action: info.state === 'missing' ? 'absent' : 'removed' });
  }
  await forgetCli(root);
  const status = await readHooksStatus(root);
  if (!status.ok) return status;
  return { ok: true, value: { status: status.value, changes } };
}
