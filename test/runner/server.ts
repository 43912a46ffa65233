// Starts and stops the VS Code server installed by scripts/install-vscode-server.sh
// (DESIGN.md §6). Used by the offline test runner and the demo. The server runs in its
// own process group, so stopping it also ends the extension host it forked; every
// server still running is killed when this process exits or is interrupted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;

export interface ServerInstall {
  dir: string;
  node: string;
  serverMain: string;
}

/** Cache root shared by the installer, the runners and the demo. */
export function cacheDir(): string {
  return process.env.TERRITORY_CACHE || path.join(os.homedir(), '.cache', 'territory');
}

/** Finds the install through the `.complete` marker the installer writes last. */
export function findServerInstall(): ServerInstall {
  const dir = process.env.TERRITORY_VSCODE_SERVER || path.join(cacheDir(), `vscode-server-${CODE_SERVER_VERSION}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    throw new Error(`no VS Code server at ${dir} (no .complete marker): run \`bash scripts/install-vscode-server.sh\``);
  }
  const { node, serverMain } = JSON.parse(readFileSync(marker, 'utf8')) as { node: string; serverMain: string };
  return { dir, node: path.resolve(dir, node), serverMain: path.resolve(dir, serverMain) };
}

export interface ServerOptions {
  /** Folder for the server's user data, server data, extensions and log (created). */
  dataDir: string;
  /** Added to the environment, which the extension host inherits. */
  env?: Record<string, string>;
  /** Working directory of the server and so of the extension host. */
  cwd?: string;
  /** Fixed port; a free one when absent. */
  port?: number;
  /** Echo the server's output to stderr as it comes. */
  echo?: boolean;
  /** User settings, over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** .vsix files installed into the server's extensions folder before it starts, as a user installs them. */
  install?: readonly string[];
  /**
   * `--enable-smoke-test-driver`, on unless false: the test runners and the host-load bench read
   * the extension host's logs and exit code through it. It also hides every notification toast,
   * so the demo and its screenshots, which show what a user sees, turn it off.
   */
  smokeTestDriver?: boolean;
}

/**
 * User settings for a quiet, offline, repeatable workbench: no welcome page, no trust
 * prompt, no marketplace or AI features reaching for the network (they also slow start-up).
 */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  // The web workbench saves after a delay by default: tests that type into editors must not
  // leave their keystrokes on disk.
  'files.autoSave': 'off',
};

export interface VsCodeServer {
  readonly port: number;
  readonly baseUrl: string;
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) when the server process ends. */
  readonly exited: Promise<number | string>;
  /** `vscode-remote://` URI the workbench uses for a path on this machine. */
  remoteUri(absPath: string): string;
  /** Workbench URL opening `folder` (or a `.code-workspace` file), with the smoke-test-driver payload (key/value pairs). */
  workbenchUrl(folder: string, payload: [string, string][]): string;
  /** The last lines the server printed, for error reports. */
  recentOutput(): string;
  stop(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<VsCodeServer> {
  const install = findServerInstall();
  const port = options.port ?? (await freePort());
  const dirs = ['user-data', 'server-data', 'extensions'].map((d) => path.join(options.dataDir, d));
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  // This server keeps the browser's user data on the server side, under --user-data-dir.
  mkdirSync(path.join(dirs[0], 'User'), { recursive: true });
  writeFileSync(
    path.join(dirs[0], 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
  );
  for (const vsix of options.install ?? []) installExtension(install, vsix, dirs);
  const logFile = path.join(options.dataDir, 'server.log');
  const args = [
    install.serverMain,
    '--host',
    HOST,
    '--port',
    String(port),
    '--without-connection-token',
    ...(options.smokeTestDriver === false ? [] : ['--enable-smoke-test-driver']),
    '--accept-server-license-terms',
    '--user-data-dir',
    dirs[0],
    '--server-data-dir',
    dirs[1],
    '--extensions-dir',
    dirs[2],
  ];
  // The server and its extension host leave IPC sockets (vscode-ipc-*.sock, vscode-git-*.sock)
  // in the temp folder: give them one of their own, removed on stop. Short, for the socket
  // path limit (108 bytes).
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'territory-vscode-'));
  const child = spawn(install.node, args, {
    cwd: options.cwd ?? options.dataDir,
    env: { ...inheritedEnv(), TMPDIR: tmp, ...options.env },
    detached: true, // own process group: see killGroup
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child, tmp);

  const recent: string[] = [];
  const log = createWriteStream(logFile);
  const onOutput = (chunk: Buffer) => {
    log.write(chunk);
    recent.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== ''),
    );
    recent.splice(0, Math.max(0, recent.length - 40));
    if (options.echo) process.stderr.write(chunk.toString('utf8').replace(/^(?=.)/gm, '[server] '));
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);

  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => resolve(`spawn error: ${error.message}`));
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const baseUrl = `http://${HOST}:${port}`;
  const server: VsCodeServer = {
    port,
    baseUrl,
    logFile,
    exited,
    remoteUri: (absPath) => `vscode-remote://${HOST}:${port}${toPosix(absPath)}`,
    workbenchUrl: (folder, payload) =>
      `${baseUrl}/?${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(toPosix(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    recentOutput: () => recent.join('\n'),
    stop: () => stopChild(child, exited),
  };

  const answered = await Promise.race([
    waitForHttp(baseUrl, START_TIMEOUT_MS),
    exited.then((code) => `exited (${code})`),
  ]);
  if (answered !== true) {
    await server.stop();
    const reason =
      answered === false
        ? `did not answer HTTP within ${START_TIMEOUT_MS / 1000} s`
        : `${answered} before answering HTTP`;
    throw new Error(
      `the VS Code server on port ${port} ${reason}; its last output:\n${server.recentOutput() || '(none)'}`,
    );
  }
  return server;
}

/** `server-main.js --install-extension`: offline, about a second; throws with the server's words when it refuses. */
function installExtension(install: ServerInstall, vsix: string, [userData, serverData, extensions]: string[]): void {
  const args = [
    install.serverMain,
    '--install-extension',
    vsix,
    '--force',
    '--accept-server-license-terms',
    '--user-data-dir',
    userData,
    '--server-data-dir',
    serverData,
    '--extensions-dir',
    extensions,
  ];
  const result = spawnSync(install.node, args, { encoding: 'utf8', env: inheritedEnv(), timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || /failed|error/i.test(output)) {
    throw new Error(
      `the VS Code server could not install ${vsix} (exit ${result.status ?? result.signal}):\n${output}`,
    );
  }
}

/** The caller's environment minus variables that would make the server think it runs inside VS Code. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_')) delete env[key];
  }
  return env;
}

function toPosix(absPath: string): string {
  return absPath.split(path.sep).join('/');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode !== undefined && response.statusCode < 500);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

// --- process-group bookkeeping -------------------------------------------------------

/** Servers not yet stopped, with their temp folders. */
const running = new Map<ChildProcess, string>();
let handlersInstalled = false;

function track(child: ChildProcess, tmp: string): void {
  running.set(child, tmp);
  installExitHandlers();
}

/**
 * Kills every tracked server group when this process exits, and turns Ctrl-C, SIGTERM and
 * SIGHUP into an orderly exit (by default a signal ends Node without 'exit' handlers, which
 * would leave servers and browsers behind). Called for the browser too.
 */
export function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL is the only sure thing left to do.
  process.on('exit', () => {
    for (const [c, tmp] of running) {
      killGroup(c, 'SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      for (const c of running.keys()) killGroup(c, 'SIGTERM');
      process.exit(code); // runs the 'exit' handlers: ours above, and playwright's, which kills the browser
    });
  }
}

function untrack(child: ChildProcess): void {
  const tmp = running.get(child);
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  running.delete(child);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // negative pid: the whole group (server, extension host, their children)
  } catch {
    // already gone
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (!running.has(child)) return; // stopped already
  killGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const patience = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 5000)));
  if ((await Promise.race([exited, patience])) === 'late') killGroup(child, 'SIGKILL');
  clearTimeout(timer);
  // The server is gone (or exited by itself earlier); its group may still hold stragglers.
  killGroup(child, 'SIGKILL');
  untrack(child);
}
