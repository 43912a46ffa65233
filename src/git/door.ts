// The one door through which Territory starts a process. Everything that runs git (and the
// extension's terminals, tasks and agents, through features/base/trust.ts) asks here first, so an
// untrusted workspace starts nothing: git itself runs programs that the repository's own
// .git/config names (core.fsmonitor, filter drivers), which makes "git status" code execution.
import type * as ChildProcessModule from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import * as path from 'node:path';

let childProcessModule: typeof ChildProcessModule | undefined;

/**
 * node:child_process, loaded when a process is first started: loading it (with net and streams)
 * costs a commit hook's check several milliseconds, and a hook that hands the check git's answers
 * (core/guard/gitReads.ts) starts none.
 */
function childProcess(): typeof ChildProcessModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (childProcessModule ??= require('node:child_process') as typeof ChildProcessModule);
}

/** The reason every refused start gives; views recognise it and wait for trust. */
export const RESTRICTED_MODE_REASON =
  'Restricted Mode: Territory starts no git or other process until you trust this workspace';

export interface ProcessPolicy {
  /** False in an untrusted workspace: nothing may be started. */
  mayStartProcesses(): boolean;
  /**
   * True when the user lets git run the programs the repository configures for reading
   * (core.fsmonitor) in Territory's own calls. Off by default: Territory only reads.
   */
  allowRepositoryFsmonitor(): boolean;
}

/** The command line tool runs because the user ran it: it may start git, but never fsmonitor. */
const DEFAULT_POLICY: ProcessPolicy = { mayStartProcesses: () => true, allowRepositoryFsmonitor: () => false };
let policy: ProcessPolicy = DEFAULT_POLICY;

/** Installs the policy (the extension: workspace trust and settings); returns a restorer. */
export function setProcessPolicy(next: ProcessPolicy): () => void {
  policy = next;
  return () => {
    if (policy === next) policy = DEFAULT_POLICY;
  };
}

export function mayStartProcesses(): boolean {
  return policy.mayStartProcesses();
}

/**
 * A read that gave no answer: why, for people, and `restricted` when the door refused to start git
 * (Restricted Mode), which the views show as waiting for trust rather than as an error. A code, not
 * the message: a reason that quotes it (`committed, but …: Restricted Mode …`) or a git error that
 * happens to read the same is told apart.
 */
export type GitFailure = { readonly ok: false; readonly reason: string; readonly restricted?: true };

/** The exit code execFile reports: 0, the process's own code, or -1 when it could not start (or was killed by a signal). */
function exitCodeOf(error: Error | null): number {
  if (error === null) return 0;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : -1;
}

/** Whether a failure is the door's refusal in an untrusted workspace. */
export function isRestrictedMode(failure: { readonly restricted?: true } | undefined): boolean {
  return failure?.restricted === true;
}

export interface ProcessRun {
  /** The exit code; -1 when the process could not be started or was refused. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the door refused to start it (untrusted workspace). */
  readonly refused: boolean;
}

/**
 * In force for every call: `git log` verifies signed commits with gpg.program when the
 * repository sets log.showSignature, a program Territory's reads have no use for.
 */
const ALWAYS = ['log.showSignature=false'];

export interface GitOptions {
  /** Written to git's standard input. */
  readonly input?: string;
  /** `-c key=value` pairs for this call only. */
  readonly config?: readonly string[];
  /** `latin1`: one character per byte, for output that states sizes in bytes (`cat-file --batch`). */
  readonly encoding?: 'utf8' | 'latin1';
  /**
   * Large output (the listing of 100,000 files): git writes it into a private temporary file that
   * is read once it exits. Through a pipe, git waits for every 64 KB the busy extension host has
   * not read yet: a 30 ms `ls-files` took 0.6 to 1.5 s while VS Code started.
   */
  readonly largeOutput?: boolean;
}

/**
 * Runs git with an argument array (never a shell line) in `cwd`. Refused, with no process
 * started, when the policy forbids it. Territory's own calls switch core.fsmonitor off unless
 * the user opted in: a read must not make git run the repository's programs on every file event.
 * Inherits the environment, so inside a hook GIT_INDEX_FILE holds.
 */
export function startGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<ProcessRun> {
  if (!policy.mayStartProcesses())
    return Promise.resolve({ code: -1, stdout: '', stderr: RESTRICTED_MODE_REASON, refused: true });
  const config = [
    ...ALWAYS,
    ...(policy.allowRepositoryFsmonitor() ? [] : ['core.fsmonitor=false']),
    ...(options.config ?? []),
  ];
  const argv = [...config.flatMap((pair) => ['-c', pair]), ...args];
  // Replace refs (refs/replace/*) let a repository show one commit as another: a check must read
  // the history as it is, not as a branch's replacement objects present it.
  const env = { ...process.env, GIT_NO_REPLACE_OBJECTS: '1' };
  if (options.largeOutput === true && options.input === undefined)
    return startGitIntoFile(cwd, argv, env, options.encoding ?? 'utf8');
  return new Promise((resolve) => {
    const child = childProcess().execFile(
      'git',
      argv,
      { cwd, env, encoding: options.encoding ?? 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = exitCodeOf(error);
        resolve({
          code,
          stdout: stdout ?? '',
          stderr: stderr || (error && code === -1 ? error.message : ''),
          refused: false,
        });
      },
    );
    // A git that exits before reading its input must not crash the extension host with EPIPE.
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

function startGitIntoFile(
  cwd: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  encoding: 'utf8' | 'latin1',
): Promise<ProcessRun> {
  let dir: string;
  let fd: number;
  try {
    dir = mkdtempSync(path.join(tmpdir(), 'territory-git-output-'));
    fd = openSync(path.join(dir, 'stdout'), 'wx', 0o600);
  } catch (error) {
    return Promise.resolve({
      code: -1,
      stdout: '',
      stderr: `cannot create a temporary file for git's output: ${error instanceof Error ? error.message : String(error)}`,
      refused: false,
    });
  }
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  return new Promise<ProcessRun>((resolve) => {
    const child = childProcess().spawn('git', argv, { cwd, env, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd); // the child holds its own copy
    const stderr: Buffer[] = [];
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      cleanUp();
      resolve({ code: -1, stdout: '', stderr: error.message, refused: false });
    });
    child.on('close', (code) => {
      const answer = (run: ProcessRun) => {
        cleanUp(); // before the caller goes on: nothing of it outlives the answer
        resolve(run);
      };
      readFile(path.join(dir, 'stdout'), { encoding }).then(
        (stdout) =>
          answer({ code: code ?? -1, stdout, stderr: Buffer.concat(stderr).toString('utf8'), refused: false }),
        (error: unknown) =>
          answer({
            code: -1,
            stdout: '',
            stderr: `cannot read git's output: ${error instanceof Error ? error.message : String(error)}`,
            refused: false,
          }),
      );
    });
  });
}

/**
 * Runs another program (the GitHub CLI, for Finish Session's pull request) with an argument array,
 * under the same policy as git: refused in an untrusted workspace. `file` must be an absolute path
 * the caller found itself (see findProgram), so that no PATH entry of the repository's choosing
 * (`.`, `node_modules/.bin`) decides what runs.
 */
export function startProgram(
  cwd: string,
  file: string,
  args: readonly string[],
  options: { readonly input?: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number } = {},
): Promise<ProcessRun & { readonly timedOut?: boolean }> {
  if (!policy.mayStartProcesses())
    return Promise.resolve({ code: -1, stdout: '', stderr: RESTRICTED_MODE_REASON, refused: true });
  return new Promise((resolve) => {
    const child = childProcess().execFile(
      file,
      [...args],
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
        ...(options.env ? { env: options.env } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
      },
      (error, stdout, stderr) => {
        const code = exitCodeOf(error);
        const timedOut = error !== null && (error as { killed?: boolean }).killed === true;
        resolve({
          code,
          stdout: stdout ?? '',
          stderr: stderr || (error && code === -1 && !timedOut ? error.message : ''),
          refused: false,
          ...(timedOut ? { timedOut } : {}),
        });
      },
    );
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/**
 * Runs a program attached to this process's terminal (standard input, output and error inherited):
 * `territory sandbox` hands the terminal to the command it wraps. Same policy as startProgram;
 * `file` is an absolute path the caller found itself. The exit code, or 128 + the signal's number
 * as a shell reports it, or -1 when it could not start.
 */
export function runAttached(
  cwd: string,
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; error?: string }> {
  if (!policy.mayStartProcesses()) return Promise.resolve({ code: -1, error: RESTRICTED_MODE_REASON });
  return new Promise((resolve) => {
    const child = childProcess().spawn(file, [...args], { cwd, env, stdio: 'inherit' });
    child.on('error', (error) => resolve({ code: -1, error: error.message }));
    child.on('exit', (code, signal) =>
      resolve({ code: code ?? 128 + (signal ? (osConstants.signals[signal] ?? 15) : 15) }),
    );
  });
}

/** A program spoken to one line at a time over its standard input and output (a JSON-RPC server). */
export interface LineSession {
  /** Writes one line (a newline is added). */
  send(line: string): void;
  /** The next line of output `match` accepts (others are skipped); undefined once the program ended or the session timed out. */
  receive(match: (line: string) => boolean): Promise<string | undefined>;
  /** Ends its input and waits for it to exit (killed after a second). */
  close(): Promise<void>;
}

/**
 * Starts a program for a conversation in lines (Codex CLI's `app-server`), under the same policy as
 * startProgram: `file` is an absolute path the caller found itself. The whole session is bounded by
 * `timeoutMs`; past it the program is killed and every pending receive resolves undefined.
 */
export function startLineSession(
  cwd: string,
  file: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMs: number },
): LineSession | { readonly refused: string } {
  if (!policy.mayStartProcesses()) return { refused: RESTRICTED_MODE_REASON };
  const child = childProcess().spawn(file, [...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'ignore'],
    ...(options.env ? { env: options.env } : {}),
  });
  const lines: string[] = [];
  const waiting: { match: (line: string) => boolean; resolve: (line: string | undefined) => void }[] = [];
  let ended = false;
  let partial = '';
  const finish = () => {
    ended = true;
    for (const w of waiting.splice(0)) w.resolve(undefined);
  };
  const deliver = (line: string) => {
    const at = waiting.findIndex((w) => w.match(line));
    if (at === -1) lines.push(line);
    else waiting.splice(at, 1)[0]?.resolve(line);
  };
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) deliver(line);
  });
  const exited = new Promise<void>((resolve) => {
    child.on('error', () => (finish(), resolve()));
    child.on('exit', () => (finish(), resolve()));
  });
  child.stdin?.on('error', () => undefined);
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
    finish();
  }, options.timeoutMs);
  void exited.then(() => clearTimeout(timer));
  return {
    send: (line) => {
      if (!ended) child.stdin?.write(`${line}\n`);
    },
    receive: (match) => {
      const at = lines.findIndex(match);
      if (at !== -1) return Promise.resolve(lines.splice(at, 1)[0]);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
    close: async () => {
      child.stdin?.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(killer);
    },
  };
}
