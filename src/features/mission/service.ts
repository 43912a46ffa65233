// Mission control's live state: every domain agent's activity, read from its hook events (the
// event logs), the guard's blocked edits, files of its territory changing on disk (for an agent
// without hooks; never the window's own writes: leadWrites.ts) and its terminal's shell commands.
// The logs are read incrementally on a watcher event and on a 1 s tick (the state stays current
// within a second even where file watching is slow), through the one refresh primitive;
// listeners hear one change per read at most.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { BlockedAttempt } from '../../core/guard/blockedLog';
import { agentKindOf } from '../../core/mission/agents';
import { AttentionBursts, type Attention } from '../../core/mission/attention';
import { TranscriptUsage, transcriptFolders } from '../../core/mission/transcripts';
import type { LaneInput } from '../../core/mission/board';
import type { AgentEvent } from '../../core/mission/events';
import { EVENTS_DIR, EventTail } from '../../core/mission/eventLog';
import {
  INITIAL,
  stateAt,
  step,
  STATE_LABEL,
  type Activity,
  type DomainActivity,
  type ShownState,
  type StateOptions,
} from '../../core/mission/state';
import { RefreshQueue } from '../../core/refreshQueue';
import type { Domain } from '../../core/types';
import { CommandId } from '../base/commandIds';
import { readConfig } from '../base/config';
import type { BlockedAttempts } from '../guard/blocked';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import type { DomainTerminals } from '../terminals/terminals';
import { TerminalFocus, type FocusTerminalUi } from './focusTerminal';
import { LeadWrites } from './leadWrites';
import type { UiSeam } from '../base/uiSeam';

/** Recent events kept per domain: the board's timeline and file lists, not the whole session. */
const KEEP_EVENTS = 500;
const KEEP_FILES = 200;
const TICK_MS = 1_000;
const READ_DELAY_MS = 50;

interface FolderState {
  readonly tail: EventTail;
  readonly events: Map<string, AgentEvent[]>;
  readonly activity: Map<string, DomainActivity>;
  readonly files: Map<string, { path: string; time: number }[]>;
  /** How many of each domain's blocked attempts have been stepped through. */
  readonly blockedSeen: Map<string, number>;
  /** Tokens from the transcripts the domains' hook events name. */
  readonly transcripts: TranscriptUsage;
  /** The usage last published, to fire a change only when it moved. */
  usageSeen: string;
  readonly watchers: vscode.Disposable;
}

/** What varies between mission control's callers: handed to the constructor. */
export interface MissionOptions {
  /** Whether the session plan gives a domain a task (stalled needs one). */
  readonly hasTask: (territory: FolderTerritory, id: string) => boolean;
  /** Focus Terminal's question (tests answer it). */
  readonly focusUi?: UiSeam<FocusTerminalUi>;
}

export class MissionControl extends Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires at most once per read of the logs, when something shown may differ. */
  readonly onDidChange = this.changed.event;
  private readonly queue: RefreshQueue<string>;
  private readonly shown = new Map<string, string>();
  private readonly bursts = new AttentionBursts();
  /** What the notifications said, newest last (tests read it; the last 50). */
  readonly said: { readonly domain: string; readonly attention: Attention; readonly text: string }[] = [];
  /** Focus Terminal: the domain's open terminal, or a question; never a new shell unasked. */
  readonly terminalFocus: TerminalFocus;
  /** Files this window wrote: the lead's, never credited to a domain. */
  private readonly leadWrites: LeadWrites;
  /** Why a log was not read (a symbolic link planted there): said once per folder and reason, not at every tick. */
  private readonly logNotes = new Set<string>();

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly blocked: BlockedAttempts,
    private readonly terminals: DomainTerminals,
    private readonly log: Log,
    private readonly options: MissionOptions,
  ) {
    super();
    this.terminalFocus = new TerminalFocus(terminals, options.focusUi);
    this.leadWrites = this.register(new LeadWrites());
    this.queue = new RefreshQueue({
      name: 'mission control',
      delayMs: READ_DELAY_MS,
      log,
      run: async (key) => this.read(key),
    });
    this.register({
      dispose: () => (this.queue.dispose(), [...this.folders.values()].forEach((f) => f.watchers.dispose())),
    });
    this.register(maps.onDidChange((territory) => this.track(territory)));
    this.register(blocked.onDidChange(() => this.scheduleAll()));
    const timer = setInterval(() => this.scheduleAll(), TICK_MS);
    this.register({ dispose: () => clearInterval(timer) });
    const onTerminal = (terminal: vscode.Terminal, activity: (time: number) => Activity) => {
      const domain = this.terminals.domainOf(terminal);
      const entry = domain && this.maps.domains().find((d) => d.domain.id === domain.id);
      if (entry) this.note(entry.territory, domain.id, activity(Date.now()));
    };
    this.register(
      vscode.window.onDidStartTerminalShellExecution((e) =>
        onTerminal(e.terminal, (time) => ({ kind: 'shellStart', time })),
      ),
    );
    this.register(
      vscode.window.onDidEndTerminalShellExecution((e) =>
        onTerminal(e.terminal, (time) => ({ kind: 'shellEnd', time })),
      ),
    );
    this.register(vscode.window.onDidOpenTerminal((t) => onTerminal(t, (time) => ({ kind: 'terminalOpened', time }))));
    this.register(vscode.window.onDidCloseTerminal((t) => onTerminal(t, (time) => ({ kind: 'terminalClosed', time }))));
    for (const territory of maps.all()) this.track(territory);
  }

  /** The state a domain shows now. */
  stateOf(territory: FolderTerritory, domainId: string, now = Date.now()): ShownState & { activity: DomainActivity } {
    const activity = this.folders.get(territory.folder.uri.toString())?.activity.get(domainId) ?? INITIAL;
    return { ...stateAt(activity, now, this.optionsFor(territory, domainId)), activity };
  }

  optionsFor(territory: FolderTerritory, domainId: string): StateOptions {
    const config = readConfig(territory.folder);
    return {
      stallMs: config.stallMinutes * 60_000,
      hasTask: this.options.hasTask(territory, domainId),
      agent: agentKindOf(config.agentCommand),
    };
  }

  /** What the board needs of a domain, besides commits and handoffs. */
  laneInput(territory: FolderTerritory, domain: Domain): Omit<LaneInput, 'commits' | 'handoffs'> {
    const state = this.folders.get(territory.folder.uri.toString());
    return {
      id: domain.id,
      terminal: domain.terminal,
      name: domain.name,
      activity: state?.activity.get(domain.id) ?? INITIAL,
      events: state?.events.get(domain.id) ?? [],
      changedFiles: state?.files.get(domain.id) ?? [],
      blocked: this.blocked.of(territory.folder, domain.id),
      hasTerminal: vscode.window.terminals.some(
        (t) => t.exitStatus === undefined && this.terminals.domainOf(t)?.id === domain.id,
      ),
      ...this.usageInput(state, domain.id),
    };
  }

  private usageInput(state: FolderState | undefined, domainId: string): Pick<LaneInput, 'usage'> {
    const usage = state?.transcripts.usageOf(domainId);
    return usage ? { usage } : {};
  }

  /** Reads every folder's logs now (tests call it to skip the wait). */
  async refreshNow(): Promise<void> {
    await Promise.all([...this.folders.keys()].map((key) => this.queue.run(key)));
  }

  private scheduleAll(): void {
    // Throttled, not debounced (the wait is also the longest wait): a steady stream of events must not postpone the read forever.
    for (const key of this.folders.keys()) this.queue.schedule(key, READ_DELAY_MS, READ_DELAY_MS);
  }

  private track(territory: FolderTerritory): void {
    const key = territory.folder.uri.toString();
    if (!territory.map) {
      this.folders.get(key)?.watchers.dispose();
      this.folders.delete(key);
      return;
    }
    if (this.folders.has(key)) return;
    const watchers = this.maps.files.onDidChangeFile((event) => {
      if (event.folder.uri.toString() !== key) return;
      if (isEventLog(event.path)) {
        if (event.kind !== 'deleted') this.scheduleAll();
      } else this.fileChanged(key, event.uri);
    });
    const root = territory.folder.uri.fsPath;
    const transcripts = new TranscriptUsage(transcriptFolders(root, process.env, homedir()), (note) =>
      this.log.warn(`${territory.folder.name}: ${note}`),
    );
    this.folders.set(key, {
      tail: new EventTail(root),
      events: new Map(),
      activity: new Map(),
      files: new Map(),
      blockedSeen: new Map(),
      transcripts,
      usageSeen: '',
      watchers,
    });
    this.queue.schedule(key, 0);
  }

  private fileChanged(key: string, uri: vscode.Uri): void {
    const territory = this.maps.all().find((t) => t.folder.uri.toString() === key);
    if (!territory?.resolver) return;
    const rel = vscode.workspace.asRelativePath(uri, false);
    if (/^(\.git|\.territory|node_modules)(\/|$)/.test(rel) || rel.startsWith('/')) return;
    const owner = territory.resolver.resolve(rel);
    if (owner.kind !== 'owned') return;
    // The lead's own writes (an editor's save, a Handoffs view checkbox, the Explorer) are no agent's work.
    if (this.leadWrites.wrote(uri)) return;
    // An agent that reports through hooks has its edits in its events: a file of its changing beside them is not known to be its.
    if ((this.folders.get(key)?.events.get(owner.domain.id)?.length ?? 0) > 0) return;
    // Only where an agent can be: a domain with an open terminal.
    if (
      !vscode.window.terminals.some(
        (t) => t.exitStatus === undefined && this.terminals.domainOf(t)?.id === owner.domain.id,
      )
    )
      return;
    const time = Date.now();
    const list = this.folders.get(key)?.files;
    if (list) {
      const entries = (list.get(owner.domain.id) ?? []).filter((f) => f.path !== rel);
      entries.push({ path: rel, time });
      list.set(owner.domain.id, entries.slice(-KEEP_FILES));
    }
    this.note(territory, owner.domain.id, { kind: 'file', time, file: rel });
  }

  private note(territory: FolderTerritory, domainId: string, activity: Activity): void {
    const state = this.folders.get(territory.folder.uri.toString());
    if (!state) return;
    state.activity.set(domainId, step(state.activity.get(domainId) ?? INITIAL, activity));
    this.publish(territory);
  }

  private async read(key: string): Promise<void> {
    const state = this.folders.get(key);
    const territory = this.maps.all().find((t) => t.folder.uri.toString() === key);
    if (!state || !territory?.map) return;
    const ids = territory.map.domains.map((d) => d.id);
    const notes: string[] = [];
    const fresh = state.tail.read(ids, undefined, Date.now(), notes);
    for (const note of notes) {
      if (this.logNotes.has(`${key}#${note}`)) continue;
      this.logNotes.add(`${key}#${note}`);
      this.log.warn(`${territory.folder.name}: ${note}`);
    }
    const activities = new Map<string, Activity[]>();
    const add = (id: string, a: Activity) => activities.set(id, [...(activities.get(id) ?? []), a]);
    for (const event of fresh) {
      if (!ids.includes(event.domain)) continue;
      const list = state.events.get(event.domain) ?? [];
      list.push(event);
      if (list.length > KEEP_EVENTS) list.splice(0, list.length - KEEP_EVENTS);
      state.events.set(event.domain, list);
      add(event.domain, { kind: 'hook', time: event.t, event });
      if (event.transcript !== undefined) state.transcripts.follow(event.domain, event.transcript);
    }
    for (const id of ids) {
      const attempts: readonly BlockedAttempt[] = this.blocked.of(territory.folder, id);
      const seen = state.blockedSeen.get(id) ?? 0;
      // The blocked log rotates: fewer records than seen means a new file, all of it unseen.
      for (const b of attempts.slice(attempts.length >= seen ? seen : 0))
        add(id, { kind: 'blocked', time: Date.parse(b.time) || Date.now(), file: b.file, owner: b.owner });
      state.blockedSeen.set(id, attempts.length);
    }
    for (const [id, list] of activities)
      state.activity.set(id, list.sort((a, b) => a.time - b.time).reduce(step, state.activity.get(id) ?? INITIAL));
    this.publish(territory, activities.size > 0 || this.usageMoved(state, ids));
  }

  /** Reads what the transcripts gained (bounded per refresh); true when a domain's tokens moved. */
  private usageMoved(state: FolderState, ids: readonly string[]): boolean {
    state.transcripts.read();
    const seen = JSON.stringify(ids.map((id) => state.transcripts.usageOf(id)?.tokens ?? null));
    if (seen === state.usageSeen) return false;
    state.usageSeen = seen;
    return true;
  }

  /** Fires the change event when a shown state moved (or new activity came), and announces new waits. */
  private publish(territory: FolderTerritory, force = true): void {
    const now = Date.now();
    let moved = force;
    for (const domain of territory.map?.domains ?? []) {
      const shown = this.stateOf(territory, domain.id, now);
      const key = `${territory.folder.uri.toString()}#${domain.id}`;
      const before = this.shown.get(key);
      if (before === shown.state) continue;
      this.shown.set(key, shown.state);
      moved = true;
      const attention = this.bursts.note(key, shown.state, before !== undefined);
      if (attention !== undefined) this.announce(territory, domain, attention, shown.activity.waitingFor);
    }
    if (moved) this.changed.fire();
  }

  /** One notification per burst of waiting or stalling (core/mission/attention.ts). */
  private announce(territory: FolderTerritory, domain: Domain, attention: Attention, what: string | undefined): void {
    const said =
      attention === 'waiting'
        ? `${STATE_LABEL.waiting}${what ? `: ${what}` : ''}`
        : `${STATE_LABEL.stalled}: nothing heard for ${readConfig(territory.folder).stallMinutes} min`;
    const text = `${domain.id} (${domain.terminal}) is ${said}`;
    this.said.push({ domain: domain.id, attention, text });
    if (this.said.length > 50) this.said.shift();
    void this.terminalFocus.ui.current.info(text, 'Focus Terminal', 'Show Session Board').then((choice) => {
      if (choice === 'Focus Terminal') void this.terminalFocus.focus(territory, domain);
      else if (choice === 'Show Session Board') void vscode.commands.executeCommand(CommandId.showSessionBoard);
    });
  }
}

/** An agent's event log: `<EVENTS_DIR>/<domain>.jsonl`. */
function isEventLog(relativePath: string): boolean {
  return (
    relativePath.startsWith(`${EVENTS_DIR}/`) &&
    relativePath.endsWith('.jsonl') &&
    !relativePath.slice(EVENTS_DIR.length + 1).includes('/')
  );
}
