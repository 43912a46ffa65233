// Installs, removes and inspects Territory's git hooks. The hooks directory is git's own answer
// (`git rev-parse --git-path hooks`), so core.hooksPath and worktrees are honoured. A hook that was
// there before is renamed to `<hook>.territory-chained` (a rename keeps its bytes and mode) and
// called by Territory's hook; uninstalling renames it back. With a hook manager (husky, lefthook,
// pre-commit), Territory is a step of the manager instead (see hookManagers.ts), since the
// manager's own re-install rewrites the hooks directory.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  CHAINED_SUFFIX,
  HOOK_NAMES,
  hookScript,
  hookTextKind,
  isTerritoryHook,
  type HookName,
} from '../core/guard/hookScript';
import {
  addStep,
  detectManager,
  managerOffReason,
  MOVED_ASIDE,
  readStep,
  readStepScript,
  removeStaleLefthookHooks,
  removeStepFrom,
  removeStepScripts,
  stepFile,
  stepPlaces,
  writeStepScript,
  type ManagerInfo,
} from './hookManagers';
import type { GitFailure } from './door';
import { runFailure, runGit } from './run';

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
  /** Why git would not run Territory's check for this hook; undefined when it would. */
  readonly off?: string;
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
  /** The hook manager Territory is (or is to be) a step of; its hooks' files are then the manager's. */
  readonly manager: ManagerInfo | undefined;
  /** "hooks off": why git would not run Territory's check, for each hook where it would not. */
  readonly off: string | undefined;
}

export type HooksResult<T> = { readonly ok: true; readonly value: T } | GitFailure;

export interface HookChange {
  readonly name: HookName;
  readonly action:
    'installed' | 'updated' | 'unchanged' | 'chained' | 'removed' | 'restored' | 'absent' | 'left' | 'refused';
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
interface HooksPlace {
  readonly dir: string;
  readonly hooksPath: string | undefined;
  readonly shared: boolean;
  /** The work tree's top ('' in a bare repository) and the git common directory, absolute. */
  readonly top: string;
  readonly commonDir: string;
}

export async function hooksDirectory(root: string): Promise<HooksResult<HooksPlace>> {
  const dir = await runGit(root, ['rev-parse', '--git-path', 'hooks']);
  if (dir.code !== 0) return runFailure(dir, 'not a git repository');
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
  const place = { dir: absolute, hooksPath: configured === '' ? undefined : configured, shared };
  return { ok: true, value: { ...place, top: top.stdout.trim(), commonDir: path.resolve(root, common.stdout.trim()) } };
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

/** Why git would not run Territory's own hook file, or undefined when it would. */
function ownOffReason(info: HookInfo, place: HooksPlace): string | undefined {
  const where = `${place.dir}${place.hooksPath ? ` (core.hooksPath = ${place.hooksPath})` : ''}`;
  if (info.state === 'missing') return `git runs ${info.name} from ${where}, where there is no Territory hook`;
  if (info.state === 'other') return `git runs ${info.name} from ${where}, and that file is not Territory's`;
  return undefined;
}

/** A hook under a manager: the step in the manager's file, and the script in the git directory it calls. */
async function managedHookInfo(place: HooksPlace, manager: ManagerInfo, name: HookName): Promise<HookInfo> {
  const file = path.join(place.top, stepFile(manager, name));
  const own = await hookInfo(place.dir, name);
  const ownHook = own.state === 'territory' || own.state === 'outdated' || own.state === 'edited';
  // A hook the manager does not run yet (lefthook installs a hook once its configuration names it):
  // Territory's own file there still runs, and is kept until the manager takes the hook over.
  if (ownHook && !manager.runs[name]) return own;
  // Territory's own hook file where the manager's should be (an earlier version's install in
  // husky's folder): it runs, but the manager's next install replaces it. Install again to join.
  if (ownHook) return { name, file: own.file, state: 'outdated', chained: own.chained };
  const [step, script] = await Promise.all([readStep(place.top, manager, name), readStepScript(place.commonDir, name)]);
  const off = managerOffReason(manager, name, step, script, place.dir);
  const state: HookState =
    step.state === 'edited' || step.state === 'broken' || script === 'edited'
      ? 'edited'
      : step.state === 'missing'
        ? 'missing'
        : script === 'outdated' || script === 'missing'
          ? 'outdated'
          : off === undefined
            ? 'territory'
            : 'missing';
  return { name, file, state, chained: false, off };
}

export async function readHooksStatus(root: string): Promise<HooksResult<HooksStatus>> {
  const where = await hooksDirectory(root);
  if (!where.ok) return where;
  const place = where.value;
  const manager = place.top === '' ? undefined : await detectManager(place.top, place.dir);
  const hooks = manager
    ? await Promise.all(HOOK_NAMES.map((name) => managedHookInfo(place, manager, name)))
    : await Promise.all(HOOK_NAMES.map(async (name) => withOff(await hookInfo(place.dir, name), place)));
  const off = hooks.flatMap((h) => (h.off ? [h.off] : []));
  return {
    ok: true,
    value: {
      dir: place.dir,
      hooksPath: place.hooksPath,
      shared: place.shared,
      hooks,
      installed: hooks.every((h) => h.state === 'territory'),
      manager,
      off: off.length > 0 ? off.join('; ') : undefined,
    },
  };
}

function withOff(info: HookInfo, place: HooksPlace): HookInfo {
  const off = ownOffReason(info, place);
  return off ? { ...info, off } : info;
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
  if (hash.code !== 0) return runFailure(hash, `git hash-object ${cli}`);
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
    const set = await runGit(
      root,
      value === '' ? ['config', '--local', '--unset-all', key] : ['config', '--local', key, value],
    );
    if (set.code !== 0) return runFailure(set, `git config ${key}`);
    changed = true;
  }
  return { ok: true, value: changed };
}

async function forgetCli(root: string): Promise<void> {
  for (const key of ['territory.cli', 'territory.node', 'territory.cliHash'])
    await runGit(root, ['config', '--local', '--unset-all', key]);
}

async function writeHook(file: string, name: HookName): Promise<void> {
  await fs.writeFile(file, hookScript(name), { mode: MODE });
  await fs.chmod(file, MODE);
}

/** Why an edited Territory hook is left alone, and what the user can do. */
function editedDetail(name: HookName, what: 'overwritten' | 'deleted'): string {
  return `${name} was changed after Territory wrote it, and would lose those changes if ${what}: move your lines to a hook of your own (${name}${CHAINED_SUFFIX} runs first) or delete ${name}, then run this again`;
}

/**
 * Territory's own hook files that a manager left behind or never runs: removed, with the hook
 * each one replaced put back. A `.territory-chained` copy equal to the hook now there (husky's
 * re-install rewrote its stub over Territory's hook) is a leftover and goes; so do Territory's
 * hooks a manager moved aside (lefthook's `.old`, pre-commit's `.legacy`). Edited ones stay.
 */
async function cleanOwnHooks(dir: string, keep: (name: HookName) => boolean = () => false): Promise<HookChange[]> {
  const notes: HookChange[] = [];
  const note = (name: HookName, detail: string, action: 'removed' | 'refused' = 'removed') =>
    notes.push({ name, action, detail });
  for (const name of HOOK_NAMES) {
    const info = await hookInfo(dir, name);
    const chainedFile = info.file + CHAINED_SUFFIX;
    if (keep(name) && (info.state === 'territory' || info.state === 'outdated')) {
      // Still what git runs for this hook until the manager installs its own.
      if (info.state === 'outdated') await writeHook(info.file, name);
    } else if (info.state === 'territory' || info.state === 'outdated') {
      await fs.unlink(info.file);
      if (info.chained) await fs.rename(chainedFile, info.file);
      note(name, `Territory's own ${info.file} removed${info.chained ? ', the hook it replaced put back' : ''}`);
    } else if (info.state === 'edited') note(name, editedDetail(name, 'deleted'), 'refused');
    else if (info.chained && info.state === 'other') {
      const [hook, chained] = await Promise.all([
        fs.readFile(info.file).catch(() => undefined),
        fs.readFile(chainedFile).catch(() => undefined),
      ]);
      if (hook && chained && hook.equals(chained)) {
        await fs.unlink(chainedFile);
        note(name, `${chainedFile} removed (the same as ${info.file})`);
      }
    }
    for (const suffix of MOVED_ASIDE) {
      const moved = info.file + suffix;
      const stat = await lstat(moved);
      if (!stat?.isFile()) continue;
      const text = await fs.readFile(moved, 'utf8');
      if (isTerritoryHook(text) && hookTextKind(name, text) !== 'edited') {
        await fs.unlink(moved);
        note(name, `Territory's hook moved aside as ${moved} removed`);
      }
    }
  }
  return notes;
}

/** After an install: the CLI recorded, and the status as it now is. */
async function recordAndRead(
  root: string,
  cli: CliLocation | undefined,
  changes: HookChange[],
): Promise<HooksResult<{ status: HooksStatus; changes: HookChange[] }>> {
  if (cli) {
    const recorded = await recordCli(root, cli);
    if (!recorded.ok) return recorded;
  }
  const status = await readHooksStatus(root);
  if (!status.ok) return status;
  return { ok: true, value: { status: status.value, changes } };
}

/** Joins the manager: the scripts in the git directory, the step in the manager's files, no hook files of Territory's own. */
async function joinManager(
  root: string,
  place: HooksPlace,
  manager: ManagerInfo,
  cli: CliLocation | undefined,
): Promise<HooksResult<{ status: HooksStatus; changes: HookChange[] }>> {
  const changes: HookChange[] = [];
  const cleaned = await cleanOwnHooks(place.dir, (name) => !manager.runs[name]);
  const defaultDir = path.join(place.commonDir, 'hooks');
  if (path.resolve(defaultDir) !== path.resolve(place.dir)) cleaned.push(...(await cleanOwnHooks(defaultDir)));
  // A hook the manager does not run here yet (husky not set up in this clone, a hook lefthook's or
  // pre-commit's configuration does not name) is Territory's own until the manager takes it over.
  await fs.mkdir(place.dir, { recursive: true });
  const own = new Map<HookName, HookChange>();
  for (const name of HOOK_NAMES) if (!manager.runs[name]) own.set(name, await installOwnHook(place.dir, name));
  let shared: Awaited<ReturnType<typeof addStep>> | undefined;
  for (const name of HOOK_NAMES) {
    const script = await writeStepScript(place.commonDir, name);
    // lefthook and pre-commit carry the three hooks in one block.
    const step =
      manager.name === 'husky'
        ? await addStep(place.top, manager, name)
        : (shared ??= await addStep(place.top, manager, name));
    const file = stepFile(manager, name);
    const extra = cleaned
      .filter((c) => c.name === name)
      .map((c) => c.detail)
      .join('; ');
    const ownChange = own.get(name);
    if (ownChange?.action === 'refused') changes.push(ownChange);
    else if (script === 'edited')
      changes.push({
        name,
        action: 'refused',
        detail: `Territory's script ${path.join(place.commonDir, 'territory', 'hooks', name)} was changed by hand; delete it, then run this again`,
      });
    else if (!step.ok) changes.push({ name, action: 'refused', detail: step.reason });
    else {
      const action =
        step.action === 'installed'
          ? 'installed'
          : script === 'installed' || script === 'updated'
            ? 'updated'
            : 'unchanged';
      const off = manager.runs[name]
        ? ''
        : `; ${manager.name} does not run ${name} here yet: until it does, Territory's own hook in ${place.dir} checks it`;
      // A step in a committed file is lost to the next `git checkout -- file` or `git reset --hard` until the lead commits it.
      const commit =
        manager.name === 'lefthook' || step.action !== 'installed'
          ? ''
          : `; commit ${file} (until then a checkout or reset takes the step away${manager.name === 'pre-commit' ? ', and pre-commit refuses to run on an unstaged configuration' : ''})`;
      changes.push({
        name,
        action,
        detail: `a step of ${manager.name} in ${file}${commit}${off}${extra ? `; ${extra}` : ''}`,
      });
    }
  }
  return recordAndRead(root, cli, changes);
}

/** Territory's own hook file for `name` in `dir`, chaining to the one already there. */
async function installOwnHook(dir: string, name: HookName): Promise<HookChange> {
  const info = await hookInfo(dir, name);
  const chainedFile = info.file + CHAINED_SUFFIX;
  if (info.state === 'territory') return { name, action: 'unchanged' };
  if (info.state === 'edited') return { name, action: 'refused', detail: editedDetail(name, 'overwritten') };
  if (info.state === 'outdated') {
    await writeHook(info.file, name);
    return { name, action: 'updated' };
  }
  if (info.state === 'missing') {
    await writeHook(info.file, name);
    return {
      name,
      action: 'installed',
      detail: info.chained ? `calls the existing ${name}${CHAINED_SUFFIX}` : undefined,
    };
  }
  // Both a foreign hook and an earlier chained one: moving would lose one of them.
  if (info.chained)
    return {
      name,
      action: 'refused',
      detail: `both ${name} and ${name}${CHAINED_SUFFIX} exist; merge them by hand, then install again`,
    };
  await fs.rename(info.file, chainedFile);
  await writeHook(info.file, name);
  return { name, action: 'chained', detail: `your ${name} is kept as ${name}${CHAINED_SUFFIX} and runs first` };
}

/** Installs (or updates) the three hooks, chaining to the ones already there; with a hook manager, joins it. */
export async function installHooks(
  root: string,
  cli?: CliLocation,
): Promise<HooksResult<{ status: HooksStatus; changes: HookChange[] }>> {
  const where = await hooksDirectory(root);
  if (!where.ok) return where;
  const manager = where.value.top === '' ? undefined : await detectManager(where.value.top, where.value.dir);
  if (manager) return joinManager(root, where.value, manager, cli);
  await fs.mkdir(where.value.dir, { recursive: true });
  const changes: HookChange[] = [];
  for (const name of HOOK_NAMES) changes.push(await installOwnHook(where.value.dir, name));
  return recordAndRead(root, cli, changes);
}

/** Removes Territory's hooks and puts back the ones they replaced, byte for byte and with their mode. */
export async function uninstallHooks(
  root: string,
): Promise<HooksResult<{ status: HooksStatus; changes: HookChange[] }>> {
  const where = await hooksDirectory(root);
  if (!where.ok) return where;
  const place = where.value;
  const changes: HookChange[] = [];
  // A manager's steps, wherever one may be (the manager may have changed since), and the scripts they call.
  if (place.top !== '') {
    const manager = await detectManager(place.top, place.dir);
    for (const spot of stepPlaces(manager)) {
      const removed = await removeStepFrom(place.top, spot.manager, spot.hook, spot.file);
      const names = spot.hook ? [spot.hook] : [...HOOK_NAMES];
      if (!removed.ok) for (const name of names) changes.push({ name, action: 'refused', detail: removed.reason });
      else if (removed.action === 'removed')
        for (const name of names)
          changes.push({ name, action: 'removed', detail: `Territory's step removed from ${spot.file}` });
    }
    for (const name of await removeStaleLefthookHooks(place.top, place.dir))
      changes.push({ name, action: 'removed', detail: `lefthook's ${name}, which only Territory's step asked for` });
  }
  for (const name of await removeStepScripts(place.commonDir)) {
    changes.push({
      name,
      action: 'refused',
      detail: `Territory's script territory/hooks/${name} in the git directory was changed by hand and is kept; delete it yourself`,
    });
  }
  const defaultDir = path.join(place.commonDir, 'hooks');
  if (path.resolve(defaultDir) !== path.resolve(place.dir)) changes.push(...(await cleanOwnHooks(defaultDir)));
  for (const name of HOOK_NAMES) {
    const info = await hookInfo(place.dir, name);
    const chainedFile = info.file + CHAINED_SUFFIX;
    if (info.state === 'edited') {
      changes.push({ name, action: 'refused', detail: editedDetail(name, 'deleted') });
      continue;
    }
    if (info.state === 'other') {
      changes.push({
        name,
        action: 'left',
        detail: info.chained
          ? `${name} is not Territory's; ${name}${CHAINED_SUFFIX} left as well`
          : `${name} is not Territory's`,
      });
      continue;
    }
    if (info.state !== 'missing') await fs.unlink(info.file);
    if (info.chained) {
      await fs.rename(chainedFile, info.file);
      changes.push({ name, action: 'restored' });
    } else changes.push({ name, action: info.state === 'missing' ? 'absent' : 'removed' });
  }
  // What the loop above left: copies and moved-aside hooks (an edited hook is already reported).
  changes.push(...(await cleanOwnHooks(place.dir)).filter((c) => c.action === 'removed'));
  await forgetCli(root);
  const status = await readHooksStatus(root);
  if (!status.ok) return status;
  return { ok: true, value: { status: status.value, changes } };
}
