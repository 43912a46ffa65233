// The seal on a recorded run of the test task: an HMAC-SHA256 over the record's fields, keyed by a
// secret that lives in the user's own configuration folder, never in the repository or its git
// directory. `territory finish --merge` trusts a passing run only when the seal holds, so a
// hand-written `.git/territory/last-test-run.json` (any shell in the repository can write `.git`)
// is "tests not run", never a pass.
//
// The honest limit: an agent running as the same OS user can read the key file like any other file
// of that user and seal a record itself. Keeping it out of the repository keeps it out of every
// path a domain is given and of every tool that only writes the repository; against a process of
// the same user the boundary is the OS sandbox, not this file.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import type { TestRun } from './commits/report';
import { isPrivateFolder, userConfigFolder } from './privateFolder';

/** The key's file name in Territory's configuration folder. */
export const TEST_RUN_KEY_NAME = 'test-run.key';

const SEAL_VERSION = 'territory-test-run/1';

/** Where the key lives for this user: `$XDG_CONFIG_HOME/territory/test-run.key` (or the platform's place). */
export function testRunKeyFile(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home?: string,
): string | undefined {
  const folder = userConfigFolder(env, platform, home);
  return folder === undefined ? undefined : path.join(folder, TEST_RUN_KEY_NAME);
}

/** The fields the seal covers, in a fixed order: changing any one (the exit code, the head) breaks it. */
function canonical(run: TestRun): string {
  return JSON.stringify([SEAL_VERSION, run.task, run.exitCode ?? null, run.startedAt, run.endedAt, run.head ?? null]);
}

export function sealTestRun(run: TestRun, key: Buffer): string {
  return createHmac('sha256', key).update(canonical(run), 'utf8').digest('hex');
}

export function sealHolds(run: TestRun, seal: string, key: Buffer): boolean {
  if (!/^[0-9a-f]{64}$/.test(seal)) return false;
  return timingSafeEqual(Buffer.from(sealTestRun(run, key), 'hex'), Buffer.from(seal, 'hex'));
}

export type KeyReading =
  | { readonly ok: true; readonly key: Buffer }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string };

/** True when `inner` is `outer` or inside it, both as the file system resolves them. */
function within(inner: string, outer: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(outer), real(inner));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The key in `file`, created (32 random bytes, mode 0600, its folder 0700) when missing and `create`
 * is set. Refused: a key inside one of `repository` (the work tree, the git directories), a folder
 * another user may write to, a symbolic link, anything but a regular file of this user that only
 * this user may read and write, or a file that does not hold a key.
 */
export function readTestRunKey(
  file: string | undefined,
  options: { readonly create: boolean; readonly repository: readonly string[] },
): KeyReading {
  const refuse = (reason: string, missing = false): KeyReading => ({ ok: false, missing, reason });
  if (file === undefined)
    return refuse('there is no configuration folder for Territory on this system (APPDATA is not set)', true);
  const folder = path.dirname(file);
  const inside = options.repository.find((place) => within(folder, place));
  if (inside !== undefined)
    return refuse(
      `the key file ${file} would be inside the repository (${inside}), where a domain can write: set XDG_CONFIG_HOME (or HOME) to a folder outside it`,
    );
  if (!options.create && !existsSync(folder))
    return refuse(
      `there is no test-run key (${file}): no run of the test task was recorded by Territory as this user`,
      true,
    );
  if (!isPrivateFolder(folder))
    return refuse(
      `the folder ${folder} of the test-run key is not private (it must be this user's and not writable by group or others): chmod 700 ${folder}`,
    );
  try {
    const link = lstatSync(file);
    if (link.isSymbolicLink())
      return refuse(
        `the key file ${file} is a symbolic link: Territory reads only a regular file there (delete it; the next test run writes a new one)`,
      );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      return refuse(`the key file ${file} cannot be read: ${String(error)}`);
    if (!options.create)
      return refuse(
        `there is no test-run key (${file}): no run of the test task was recorded by Territory as this user`,
        true,
      );
    const created = createKey(file);
    if (created !== undefined) return created;
  }
  return readKey(file);
}

/** Writes a new key with O_EXCL: when another process wrote one first, that one is read instead. */
function createKey(file: string): KeyReading | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    return { ok: false, missing: true, reason: `the key file ${file} cannot be created: ${String(error)}` };
  }
  try {
    writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
  } finally {
    closeSync(fd);
  }
  return undefined;
}

function readKey(file: string): KeyReading {
  let fd: number;
  try {
    // O_NOFOLLOW: a link put in place after the check above is refused by the kernel, not followed.
    fd = openSync(file, constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NOFOLLOW));
  } catch (error) {
    return {
      ok: false,
      missing: false,
      reason: `the key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): it must be a regular file, not a link`,
    };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { ok: false, missing: false, reason: `the key file ${file} is not a regular file` };
    if (process.platform !== 'win32' && process.getuid !== undefined) {
      if (info.uid !== process.getuid())
        return { ok: false, missing: false, reason: `the key file ${file} belongs to another user` };
      // Group or other access of any kind: a key others may read is a key others may seal with.
      if ((info.mode & 0o077) !== 0)
        return {
          ok: false,
          missing: false,
          reason: `the key file ${file} may be read or written by other users (mode ${(info.mode & 0o777).toString(8)}): chmod 600 ${file}`,
        };
    }
    const text = readFileSync(fd, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text))
      return {
        ok: false,
        missing: false,
        reason: `the key file ${file} does not hold a key (64 hex digits): delete it; the next test run writes a new one`,
      };
    return { ok: true, key: Buffer.from(text, 'hex') };
  } finally {
    closeSync(fd);
  }
}
