// The agent guard's blocked edits, as the editor shows them: the Domains view lists each domain's
// attempts (count and the most recent ones; a click opens the file), and the lead is told once per
// burst — an agent that keeps hitting the wall makes one notification, not one per try.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BLOCKED_LOG, GUARD_DIR, readBlocked, type BlockedAttempt } from '../../core/guard/blockedLog';
import { BurstGate } from '../../core/guard/burst';
import { DomainsNode } from '../model/domainsView';
import { Disposable } from '../base/lifecycle';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { count } from '../../core/plural';

/** How many recent attempts a domain lists. */
const RECENT = 10;
/** Blocks closer together than this belong to one burst: one notification for all of them. */
export const BURST_QUIET_MS = 30_000;
/** New blocks are gathered this long before the notification names them. */
const GATHER_MS = 1_500;
/**
 * How often the log's size and time are looked at besides the watcher: a file watcher misses a
 * file created together with its folder (the guard's first block makes `.territory/guard/` and the
 * log at once), seen in the mission scenario about one run in six.
 */
const POLL_MS = 2_000;

export class BlockedAttempts extends Disposable {
  private readonly byFolder = new Map<string, BlockedAttempt[]>();
  /** The log's size and modification time at the last read, per folder. */
  private readonly seen = new Map<string, string>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly burst = new BurstGate(BURST_QUIET_MS);
  private pending: BlockedAttempt[] = [];
  private gatherTimer: ReturnType<typeof setTimeout> | undefined;
  /** While an announcement gathers, the blocks arriving join it. */
  private gathering = false;
  /** Focuses a domain's terminal (wired by mission control): the notification then offers it. */
  focusTerminal: ((domainId: string) => void) | undefined;

  constructor(maps: TerritoryMaps) {
    super();
    this.register(maps.onDidChange((territory) => this.track(territory)));
    this.register({ dispose: () => (clearTimeout(this.gatherTimer), this.watchers.forEach((w) => w.dispose())) });
    const poll = setInterval(() => this.pollAll(maps), POLL_MS);
    this.register({ dispose: () => clearInterval(poll) });
    for (const territory of maps.all()) this.track(territory);
  }

  /** Reads again each folder whose log changed since its last read (one stat per folder). */
  private pollAll(maps: TerritoryMaps): void {
    for (const territory of maps.all()) {
      const key = territory.folder.uri.toString();
      if (this.watchers.has(key) && this.seen.get(key) !== logSignature(territory.folder)) this.reload(territory.folder);
    }
  }

  /** A domain's attempts, oldest first. */
  of(folder: vscode.WorkspaceFolder, domainId: string): readonly BlockedAttempt[] {
    return (this.byFolder.get(folder.uri.toString()) ?? []).filter((a) => a.domain === domainId);
  }

  /** The Domains view's line of a domain's blocked edits, when there are any. */
  nodeOf(territory: FolderTerritory, domainId: string): { count: number; node: DomainsNode } | undefined {
    const attempts = this.of(territory.folder, domainId);
    return attempts.length === 0 ? undefined : { count: attempts.length, node: new BlockedEditsNode(territory, domainId, attempts) };
  }

  /** Reads the folder's log again now (the watcher does this on its own; tests call it to skip the wait). */
  reload(folder: vscode.WorkspaceFolder, notify = true): void {
    const key = folder.uri.toString();
    const before = this.byFolder.get(key) ?? [];
    this.seen.set(key, logSignature(folder));
    const now = readBlocked(folder.uri.fsPath);
    this.byFolder.set(key, now);
    // The log only grows (or rotates): what lies past the records seen before is new.
    const fresh =
      now.length >= before.length && before.every((b, i) => now[i]?.time === b.time) ? now.slice(before.length) : now.filter((a) => !before.some((b) => b.time === a.time && b.file === a.file));
    if (notify && fresh.length > 0) this.noteFresh(fresh);
    this.changed.fire();
  }

  private track(territory: FolderTerritory): void {
    const key = territory.folder.uri.toString();
    if (!territory.map) {
      this.watchers.get(key)?.dispose();
      this.watchers.delete(key);
      this.byFolder.delete(key);
      this.seen.delete(key);
      return;
    }
    if (this.watchers.has(key)) return;
    // What was logged before this window opened is shown, not announced.
    this.reload(territory.folder, false);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(territory.folder, `${GUARD_DIR}/*.jsonl`));
    const changed = () => this.reload(territory.folder);
    this.watchers.set(key, vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed)));
  }

  private noteFresh(fresh: readonly BlockedAttempt[]): void {
    const announce = this.burst.note(Date.now());
    if (!announce && !this.gathering) return;
    this.pending.push(...fresh);
    if (this.gathering) return;
    this.gathering = true;
    this.gatherTimer = setTimeout(() => this.announce(), GATHER_MS);
  }

  private announce(): void {
    const attempts = this.pending.splice(0);
    // Announced: the rest of this burst stays quiet (the view keeps counting).
    this.gathering = false;
    if (attempts.length === 0) return;
    const counts = new Map<string, number>();
    for (const a of attempts) counts.set(a.domain, (counts.get(a.domain) ?? 0) + 1);
    const who = [...counts].map(([d, n]) => `${d} ${n}`).join(', ');
    const first = attempts[0];
    void vscode.window
      .showWarningMessage(
        `The agent guard blocked ${count(attempts.length, 'edit')} outside a domain's territory (${who}); first: ${first.domain} → ${first.file || '(no file)'}, owned by ${first.owner}.`,
        ...(this.focusTerminal ? ['Focus Terminal'] : []),
        'Show in Domains View',
      )
      .then((choice) => {
        if (choice === 'Focus Terminal') this.focusTerminal?.(first.domain);
        else if (choice) void vscode.commands.executeCommand('territory.domains.focus');
      });
  }
}

/** The blocked log's size and modification time; '' when it does not exist. */
function logSignature(folder: vscode.WorkspaceFolder): string {
  try {
    const stat = statSync(path.join(folder.uri.fsPath, ...BLOCKED_LOG.split('/')));
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return '';
  }
}

/** "Blocked edits" under a domain: its most recent attempts, newest first. */
export class BlockedEditsNode extends DomainsNode {
  constructor(
    readonly territory: FolderTerritory,
    readonly domainId: string,
    private readonly attempts: readonly BlockedAttempt[],
  ) {
    super('Blocked edits', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${territory.folder.uri.toString()}#blocked:${domainId}`;
    this.contextValue = 'blockedEdits';
    this.description = `${count(attempts.length, 'attempt')} outside ${domainId}`;
    this.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    this.tooltip = `Edits ${domainId}'s agent tried outside its territory, refused by Territory's PreToolUse hook (${BLOCKED_LOG}).`;
  }

  override children(): DomainsNode[] {
    return [...this.attempts]
      .reverse()
      .slice(0, RECENT)
      .map((a) => new BlockedEditNode(this.territory, a));
  }
}

export class BlockedEditNode extends DomainsNode {
  constructor(
    territory: FolderTerritory,
    readonly attempt: BlockedAttempt,
  ) {
    super(attempt.file || '(no file named)', vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'blockedEdit';
    const when = new Date(attempt.time);
    this.description = `${attempt.owner} · ${Number.isNaN(when.getTime()) ? attempt.time : when.toLocaleString()}`;
    this.tooltip = `${attempt.domain}'s ${attempt.tool} of ${attempt.file || '(no file)'} was blocked: owner ${attempt.owner}, ${attempt.time}`;
    this.iconPath = new vscode.ThemeIcon('circle-slash');
    // The log is a file in the folder: a hand-edited line must not open something outside it.
    if (attempt.file !== '' && !attempt.file.split('/').some((s) => s === '..' || s === '')) {
      const uri = vscode.Uri.joinPath(territory.folder.uri, ...attempt.file.split('/'));
      this.resourceUri = uri;
      this.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    }
  }
}
