// Where git keeps what it runs for a folder, found from the file system alone (the agent guard
// sits in front of every write and starts no process). In a linked worktree `.git` is a file
// naming the worktree's git directory, whose `commondir` names the main checkout's: the hooks and
// the config that run for the worktree live there, outside the folder. core.hooksPath can point
// anywhere, and a global git config can set it.
import * as os from 'node:os';
import * as path from 'node:path';
import { readTextSync as read, realpathOrSelf as real } from '../files';

const HOOKS_FOLDER = 'the hooks folder core.hooksPath names';

/**
 * The folders core.hooksPath names that lie inside the work tree at `root`, folder-relative: the
 * hooks git really runs, so a commit of a domain must not change them (a committed `githooks/`).
 */
export function hooksFoldersInside(root: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const realRoot = real(root);
  return gitSteering(root, env)
    .filter((place) => place.what === HOOKS_FOLDER)
    .map((place) => path.relative(realRoot, place.path))
    .filter((rel) => rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel))
    .map((rel) => rel.split(path.sep).join('/'));
}

/** A place outside the folder that decides what git runs for it, with what it is. */
export interface GitSteering {
  readonly path: string;
  readonly what: string;
}

/** Every `hooksPath = …` value of a git config text (any section: a wrong guess only blocks more). */
function hooksPathsIn(text: string | undefined): string[] {
  const values: string[] = [];
  for (const line of (text ?? '').split('\n')) {
    const match = /^\s*hookspath\s*=\s*(.*?)\s*$/i.exec(line);
    if (match?.[1]) values.push(match[1].replace(/^"(.*)"$/, '$1'));
  }
  return values;
}

/** The global git config files of this user (git reads the first two, XDG's when it exists). */
function globalConfigs(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? os.homedir();
  const xdg =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return [
    ...(env.GIT_CONFIG_GLOBAL ? [env.GIT_CONFIG_GLOBAL] : []),
    path.join(home, '.gitconfig'),
    path.join(xdg, 'git', 'config'),
  ];
}

/**
 * The places that steer git for the work tree at `root`: its git directory, the common one (a
 * linked worktree's main `.git`), the hooks folders core.hooksPath names, and the global config.
 */
export function gitSteering(root: string, env: NodeJS.ProcessEnv = process.env): GitSteering[] {
  const places: GitSteering[] = [];
  const dotGit = path.join(root, '.git');
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(read(dotGit) ?? '')?.[1];
  const gitDir = pointer !== undefined ? path.resolve(root, pointer) : dotGit;
  places.push({ path: real(gitDir), what: "this work tree's git directory (hooks, config)" });
  const common = read(path.join(gitDir, 'commondir'))?.trim();
  const commonDir = common ? path.resolve(gitDir, common) : gitDir;
  if (commonDir !== gitDir)
    places.push({
      path: real(commonDir),
      what: "the main checkout's git directory, whose hooks and config run for this worktree",
    });
  const configs = [path.join(commonDir, 'config'), path.join(gitDir, 'config.worktree'), ...globalConfigs(env)];
  for (const config of configs.slice(2))
    places.push({ path: real(config), what: 'a global git configuration (core.hooksPath, aliases)' });
  for (const config of configs) {
    for (const value of hooksPathsIn(read(config))) {
      const expanded = value.startsWith('~/') ? path.join(env.HOME ?? os.homedir(), value.slice(2)) : value;
      places.push({ path: real(path.resolve(root, expanded)), what: HOOKS_FOLDER });
    }
  }
  return places;
}

/** What steers git at `absolute`, or undefined: `absolute` is the place itself or inside it. */
export function steeringAt(places: readonly GitSteering[], absolute: string): string | undefined {
  const target = path.resolve(absolute);
  const candidates = [target, real(target)];
  for (const place of places) {
    for (const file of candidates) {
      const rel = path.relative(place.path, file);
      if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return place.what;
    }
  }
  return undefined;
}
