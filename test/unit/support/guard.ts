// Real git in temporary repositories, isolated from the machine's configuration, for the guard's tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../../src/cli/main';
import { createSeedWorkspace } from '../../fixtures/seedWorkspace';
import { REPO_ROOT } from '../../support/repoRoot';

/** What a terminal has: no node, no territory on PATH, no user or system git config. */
export function terminalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME: tmpdir(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LANG: 'C',
  };
  return { ...env, ...extra };
}

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** git as a terminal runs it (hooks included); never throws. */
export function gitRun(cwd: string, args: readonly string[], extra: Record<string, string> = {}): Run {
  const result = spawnSync('git', [...args], { cwd, env: terminalEnv(extra), encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** git that must succeed; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  const run = gitRun(cwd, args);
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

export function write(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), content);
  }
}

/** Commits without hooks (history the tests plant). */
export function plant(root: string, subject: string, files: Record<string, string>): string {
  write(root, files);
  git(root, 'add', '-A', '--', ...Object.keys(files));
  git(root, 'commit', '-q', '--no-verify', '-m', subject);
  return git(root, 'rev-parse', 'HEAD').trim();
}

/** The seed project as a git repository in a fresh temporary folder. */
export async function seedRepo(prefix: string): Promise<string> {
  const root = join(mkdtempSync(join(tmpdir(), prefix)), 'ws');
  await createSeedWorkspace(root, { withMapJson: true, withMarkdownMap: false });
  return root;
}

/** The CLI in this process, output captured. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface BundleRun extends Run {
  readonly signal: NodeJS.Signals | null;
  /** Wall-clock milliseconds, process start included. */
  readonly ms: number;
}

/** A built bundle (dist/cli.js, dist/pre-tool-use.js, dist/event.js) run as a hook runs it, stdin given, git isolated. */
export function runBundle(
  bundle: string,
  args: readonly string[],
  cwd: string,
  stdin = '',
  env: Record<string, string> = {},
): BundleRun {
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', bundle), ...args], {
    cwd,
    input: stdin,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...env,
    },
  });
  return { status: r.status ?? -1, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}
