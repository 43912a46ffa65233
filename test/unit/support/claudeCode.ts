// The real Claude Code CLI, installed by scripts/install-agents.sh into the cache outside the
// repository, run offline against the stand-in model server (DESIGN.md §8).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/repoRoot';
import type { ModelServer, ToolCall, ToolResult } from './modelServer';

const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts', 'install-agents.sh');

/** The version the install script pins (one place says it). */
export function claudeCodeVersion(): string {
  const match = /^CLAUDE_CODE_VERSION=(\S+)$/m.exec(readFileSync(INSTALL_SCRIPT, 'utf8'));
  if (!match) throw new Error(`${INSTALL_SCRIPT} has no CLAUDE_CODE_VERSION= line`);
  return match[1] as string;
}

/** The installed CLI's path; throws, saying how to install it, when the install is missing or unfinished. */
export function claudeCodeBinary(): string {
  const version = claudeCodeVersion();
  const cache = process.env.TERRITORY_CACHE || path.join(process.env.HOME || homedir(), '.cache', 'territory');
  const dir = path.join(cache, 'agents', `claude-code-${version}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    throw new Error(
      `Claude Code ${version} is not installed (no ${marker}): run \`bash scripts/install-agents.sh\` (about 400 MB, once; it also installs bubblewrap, socat and ripgrep)`,
    );
  }
  const { claude } = JSON.parse(readFileSync(marker, 'utf8')) as { claude: string };
  return path.join(dir, claude);
}

export interface ClaudeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** The final JSON Claude Code prints with --output-format json, when it printed one. */
  readonly result:
    | { permission_denials?: { tool_name: string; tool_input: Record<string, unknown> }[]; is_error?: boolean }
    | undefined;
  /** What the agent read after each tool call, in order. */
  readonly toolResults: ToolResult[];
}

export interface ClaudeOptions {
  readonly cwd: string;
  readonly settings: string;
  readonly server: ModelServer;
  readonly calls: readonly ToolCall[];
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
  /** `--permission-mode`; bypassPermissions (how autonomous agents run) when absent. */
  readonly permissionMode?: 'default' | 'bypassPermissions';
}

/**
 * `claude -p` as an autonomous agent runs it (bypassPermissions; IS_SANDBOX=1 lets root use that
 * mode), with a throwaway HOME, no telemetry, no updater, the stand-in model making `calls`.
 * Killed (the whole process group: the sandbox's bubblewrap too) after `timeoutMs`.
 */
export function runClaude(options: ClaudeOptions): Promise<ClaudeRun> {
  const binary = claudeCodeBinary();
  options.server.script(options.calls);
  const home = mkdtempSync(path.join(tmpdir(), 'territory-claude-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ANTHROPIC_BASE_URL: options.server.url,
    ANTHROPIC_API_KEY: 'x',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    IS_SANDBOX: '1',
    ...options.env,
  };
  const args = [
    '-p',
    'Do the task.',
    '--settings',
    options.settings,
    '--permission-mode',
    options.permissionMode ?? 'bypassPermissions',
    '--output-format',
    'json',
  ];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      let result: ClaudeRun['result'];
      try {
        result = JSON.parse(stdout) as ClaudeRun['result'];
      } catch {
        result = undefined;
      }
      resolve({ status, stdout, stderr, ms: Date.now() - started, result, toolResults: options.server.toolResults() });
    });
  });
}
