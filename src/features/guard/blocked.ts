// The agent guard's blocked edits, as the editor shows them: the Domains view lists each domain's
// attempts (count and the most recent ones; a click opens the file), and the lead is told once per
// burst — an agent that keeps hitting the wall makes one notification, not one per try.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BLOCKED_LOG, GUARD_DIR, readBlocked, type BlockedAttempt } from '../../core/guard/blockedLog';
import { BurstGate } from '../../core/guard/burst';
import { RefreshQueue, type RefreshLog } from '../../core/refreshQueue';
import { DomainsNode } from '../model/domainsView';
import { Disposable } from '../base/lifecycle';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { count } from '../../core/plural';
import { ViewId } from '../base/ids';

/** How many recent attempts a domain lists. */
const RECENT = 10;
/** Blocks closer together than this belong to one burst: one notification for all of them. */
export const BURST_QUIET_MS = 30_000;
/** New blocks are gathered this long before the notification names them. */
const GATHER_MS = 1_500;
/** A burst of guard writes is read once it settles. */
const READ_DELAY_MS = 100;
/**
 * The safety tick: how often the log's size and time are looked at (one asynchronous stat per
 * folder) besides the watcher's events, for the case of a watcher that misses a file created
 * together with its folder (the guard's first block makes `.territory/guard/` and the log at once).
 */
const SAFETY_TICK_MS = 5_000;

export class BlockedAttempts extends Disposable {
  private readonly byFolder = new Map<string, BlockedAttempt[]>();
  /** The log's size and modification time at the last read, per folder. */
  private readonly seen = new Map<string, string>();
  /** Per mapped folder: it, and whether its first read (shown, not announced) is done. */
  private readonly tracked = new Map<string, { folder: vscode.WorkspaceFolder; announce: boolean }>();
  private readonly reads: RefreshQueue<string>;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly burst = new BurstGate(BURST_QUIET_MS);
  private pending: BlockedAttempt[] = [];
  private gatherTimer: ReturnType<typeof setTimeout> | undefined;
  /** While an announcement gathers, the blocks arriving join it. */
  private gathering = false;
  private readonly focusAsked = this.register(new vscode.EventEmitter<string>());
  /** The lead chose Focus Terminal on a notification: the domain's id (mission control focuses it). */
  readonly onDidAskFocusTerminal = this.focusAsked.event;

  constructor(maps: TerritoryMaps, log: RefreshLog = { error: () => undefined }) {
    super();
    this.reads = new RefreshQueue({ name: 'blocked edits', delayMs: READ_DELAY_MS, log, run: (key) => this.read(key) });
    this.register({ dispose: () => (clearTimeout(this.gatherTimer), this.reads.dispose()) });
    this.register(maps.onDidChange((territory) => this.track(territory)));
    this.register(
      maps.files.onDidChangeFile((event) => {
        if (event.path.startsWith(`${GUARD_DIR}/`) && event.path.endsWith('.jsonl')) this.schedule(event.folder);
      }),
    );
    const tick = setInterval(() => void this.tickAll(), SAFETY_TICK_MS);
    this.register({ dispose: () => clearInterval(tick) });
    for (const territory of maps.all()) this.track(territory);
  }

  /** The safety tick: reads again each folder whose log's signature moved since its last read. */
  private async tickAll(): Promise<void> {
    for (const [key, { folder }] of this.tracked) {
      if (this.seen.get(key) !== (await logSignature(folder))) this.schedule(folder);
    }
  }

  /** A domain's attempts, oldest first. */
  of(folder: vscode.WorkspaceFolder, domainId: string): readonly BlockedAttempt[] {
    return (this.byFolder.get(folder.uri.toString()) ?? []).filter((a) => a.domain === domainId);
  }

  /** What the notification's Focus Terminal does; public so tests can drive it like a click. */
  askFocusTerminal(domainId: string): void {
    this.focusAsked.fire(domainId);
  }

  /** The Domains view's line of a domain's blocked edits, when there are any. */
  nodeOf(territory: FolderTerritory, domainId: string): { count: number; node: DomainsNode } | undefined {
    const attempts = this.of(territory.folder, domainId);
    return attempts.length === 0
      ? undefined
      : { count: attempts.length, node: new BlockedEditsNode(territory, domainId, attempts) };
  }

  /** Reads the folder's log again now, after any read under way (tests call it to skip the wait). */
  reload(folder: vscode.WorkspaceFolder): Promise<void> {
    return this.reads.run(folder.uri.toString());
  }

  /** Resolves once no read is scheduled or running. */
  settled(): Promise<void> {
    return this.reads.idle();
  }

  private schedule(folder: vscode.WorkspaceFolder): void {
    if (this.tracked.has(folder.uri.toString())) this.reads.schedule(folder.uri.toString());
  }

  private async read(key: string): Promise<void> {
    const entry = this.tracked.get(key);
    if (!entry) return;
    const signature = await logSignature(entry.folder);
    if (this.tracked.get(key) !== entry) return;
    if (this.seen.get(key) === signature && this.byFolder.has(key)) return;
    // Bounded (the core reader refuses a log larger than any the guard writes), and only when the log moved.
    const now = await readBlocked(entry.folder.uri.fsPath);
    if (this.tracked.get(key) !== entry) return;
    this.seen.set(key, signature);
    const before = this.byFolder.get(key) ?? [];
    this.byFolder.set(key, now);
    // The log only grows (or rotates): what lies past the records seen before is new.
    const fresh =
      now.length >= before.length && before.every((b, i) => now[i]?.time === b.time)
        ? now.slice(before.length)
        : now.filter((a) => !before.some((b) => b.time === a.time && b.file === a.file));
    // What was logged before this window opened is shown, not announced.
    if (entry.announce && fresh.length > 0) this.noteFresh(fresh);
    entry.announce = true;
    this.changed.fire();
  }

  private track(territory: FolderTerritory): void {
    const key = territory.folder.uri.toString();
    if (!territory.map) {
      this.tracked.delete(key);
      this.byFolder.delete(key);
      this.seen.delete(key);
      return;
    }
    if (this.tracked.has(key)) return;
    this.tracked.set(key, { folder: territory.folder, announce: false });
    void this.reads.run(key);
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
        'Focus Terminal',
        'Show in Domains View',
      )
      .then((choice) => {
        if (choice === 'Focus Terminal') this.askFocusTerminal(first.domain);
        else if (choice) void vscode.commands.executeCommand(`${ViewId.domains}.focus`);
      });
  }
}

/** The blocked log's size and modification time; '' when it does not exist. */
async function logSignature(folder: vscode.WorkspaceFolder): Promise<string> {
  try {
    const found = await stat(path.join(folder.uri.fsPath, ...BLOCKED_LOG.split('/')));
    return `${found.size}:${found.mtimeMs}`;
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
