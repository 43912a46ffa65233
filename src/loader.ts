// The extension's entry point (dist/extension.js). Territory activates in every window, because a
// map may appear in any of them, but most windows have none: there it stays dormant, with one
// file watcher that notices a map appearing and a stand-in for each command, and loads nothing
// else. The whole extension (src/extension.ts, bundled to dist/territory.js) loads when a folder
// has a map or a handoff file, when one appears, or when any Territory command runs.
import { readdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { findMapFile } from './core/map/discover';
import type { ActivationTime, TerritoryExports } from './extension';
import { readConfig } from './features/base/config';
import { settingId } from './features/base/ids';
import { createLog, type Log } from './features/base/log';

/** Set by the bundle's first line (scripts/build.mjs): when Territory's code began to run. */
declare const __territoryLoadStart: number | undefined;
declare const __territoryLoadCpu: NodeJS.CpuUsage | undefined;
/** When this module's imports had been evaluated: the bundle's load time ends here. */
const loadedAt = performance.now();
const loadedCpu = cpuNow();

/** CPU time used so far (ms): this thread's where Node tells (22.?+/24), else the whole process's. */
function cpuNow(): NodeJS.CpuUsage {
  const thread = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  return thread ? thread.call(process) : process.cpuUsage();
}

function cpuMsBetween(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1000;
}

/** What the extension exports in a window without a map, until it wakes. */
export interface DormantTerritory {
  readonly dormant: true;
  readonly activation: ActivationTime;
  /** Loads the whole extension (once) and resolves with its API. */
  wake(): Promise<TerritoryExports>;
}

/** A map file (root or docs/ markdown, JSON) or a handoff file appearing may wake Territory. */
const MAP_CANDIDATES = '**/*.{json,md}';
const RECHECK_DELAY_MS = 300;

export async function activate(context: vscode.ExtensionContext): Promise<TerritoryExports | DormantTerritory> {
  const started = performance.now();
  const startedCpu = cpuNow();
  const loadMs = typeof __territoryLoadStart === 'number' ? loadedAt - __territoryLoadStart : 0;
  let cpuMs = typeof __territoryLoadCpu === 'object' ? cpuMsBetween(__territoryLoadCpu, loadedCpu) : 0;
  const log = createLog();
  context.subscriptions.push(log);
  const detecting = territoryFilesIn(vscode.workspace.workspaceFolders ?? []);
  let activateMs = performance.now() - started;
  cpuMs += cpuMsBetween(startedCpu, cpuNow());
  // The map detection's file reads finish after activate() has yielded: timed apart, in wall time.
  const found = await detecting;
  const detectMs = performance.now() - started - activateMs;
  if (found) {
    log.info(`${found}: loading Territory`);
    return loadTerritory(context, log);
  }
  const resumed = performance.now();
  const resumedCpu = cpuNow();
  const dormant = new Dormant(context, log);
  activateMs += performance.now() - resumed;
  cpuMs += cpuMsBetween(resumedCpu, cpuNow());
  const activation: ActivationTime = { loadMs, activateMs, cpuMs };
  log.info(
    `dormant: no map in this window; activated in ${cpuMs.toFixed(1)} ms of Territory's own CPU time ` +
      `(wall clock: bundle ${loadMs.toFixed(1)} ms, activate() ${activateMs.toFixed(1)} ms; map detection ${detectMs.toFixed(1)} ms of file reads after it)`,
  );
  return { dormant: true, activation, wake: () => dormant.wake() };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

async function loadTerritory(context: vscode.ExtensionContext, log: Log): Promise<TerritoryExports> {
  const territory = await import('./extension');
  return territory.activate(context, log);
}

/** Why Territory should load for these folders (a map, a map setting, a handoff file), or undefined. */
async function territoryFilesIn(folders: readonly vscode.WorkspaceFolder[]): Promise<string | undefined> {
  for (const folder of folders) {
    if (folder.uri.scheme !== 'file') continue;
    const root = folder.uri.fsPath;
    const configured = readConfig(folder).mapFile;
    if (configured !== '') return `${folder.name}: territory.mapFile is set`;
    const map = await findMapFile(root).catch(() => undefined);
    if (map) return `${folder.name}: map ${vscode.workspace.asRelativePath(map.file, false)}`;
    const names = await readdir(root).catch(() => [] as string[]);
    const handoff = names.find((name) => /^HANDOFF_.*\.md$/i.test(name));
    if (handoff) return `${folder.name}: handoff file ${handoff}`;
  }
  return undefined;
}

/** Territory asleep: a stand-in for every command and the watcher that notices a map. */
class Dormant {
  private readonly parts: vscode.Disposable[] = [];
  private waking: Promise<TerritoryExports> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
  ) {
    const manifest = context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } };
    for (const { command } of manifest.contributes?.commands ?? []) {
      this.parts.push(
        vscode.commands.registerCommand(command, async (...args: unknown[]) => {
          await this.wake(`command ${command}`);
          return vscode.commands.executeCommand(command, ...args);
        }),
      );
    }
    const watcher = vscode.workspace.createFileSystemWatcher(MAP_CANDIDATES, false, false, true);
    this.parts.push(
      watcher,
      watcher.onDidCreate((uri) => this.onFile(uri)),
      watcher.onDidChange((uri) => this.onFile(uri)),
    );
    this.parts.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.recheck()));
    this.parts.push(
      vscode.workspace.onDidChangeConfiguration(
        (event) => event.affectsConfiguration(settingId('mapFile')) && this.recheck(),
      ),
    );
    this.parts.push({ dispose: () => clearTimeout(this.timer) });
    context.subscriptions.push(...this.parts);
  }

  wake(reason = 'asked'): Promise<TerritoryExports> {
    if (!this.waking) {
      // The stand-ins go first: the whole extension registers the real commands.
      for (const part of this.parts.splice(0)) part.dispose();
      this.log.info(`waking: ${reason}`);
      this.waking = loadTerritory(this.context, this.log);
    }
    return this.waking;
  }

  /** Only files where a map or a handoff can be: the folder root and docs/. */
  private onFile(uri: vscode.Uri): void {
    const relative = vscode.workspace.asRelativePath(uri, false);
    if (!relative.includes('/') || relative.startsWith('docs/')) this.recheck();
  }

  private recheck(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void territoryFilesIn(vscode.workspace.workspaceFolders ?? []).then((found) => {
        if (found && !this.waking) void this.wake(found);
      });
    }, RECHECK_DELAY_MS);
  }
}
