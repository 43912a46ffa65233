import * as vscode from 'vscode';
import type { SessionPlan } from '../../core/session';
import { designatedBranch, type DesignatedBranch } from '../../core/sessionBranch';
import type { Domain } from '../../core/types';
import { isRestrictedMode } from '../../git/door';
import type { StatusEntry } from '../../git/status';
import type { GuardArmedState } from '../../git/guardArmed';
import { AGENT_TITLE } from '../../core/guard/projectHookCheck';
import type { ActiveDomain } from './activeDomain';
import { Disposable } from '../base/lifecycle';
import type { FolderTerritory, TerritoryMaps } from './maps';
import { showWaitingForTrust } from '../base/trust';
import type { WorkingTreeChanges } from '../offLimits/workingTree';
import { CommandId } from '../base/commandIds';
import { count } from '../../core/plural';
import { ViewId } from '../base/ids';

/** What every node may need to build its children. */
interface ViewState {
  readonly activeId: string | undefined;
  readonly changes: WorkingTreeChanges;
  /** The folder's session plan: its goal heads the view, its tasks go under the domains. */
  readonly planOf: (territory: FolderTerritory) => SessionPlan;
  readonly handoffsFor: HandoffCounts;
  readonly commitsOf: CommitCounts;
  readonly guardNode: GuardNode;
  readonly blockedOf: BlockedEdits;
  readonly agentOf: AgentStates;
  readonly guardArmedOf: GuardArmedOf;
  /** A lasting problem of another feature (a failed settings write), shown on top until it clears. */
  readonly warning: string | undefined;
}

/** Whether a domain's agent guard proved itself on its canary at launch (wired by the guard feature). */
export type GuardArmedOf = (territory: FolderTerritory, domainId: string) => GuardArmedState | undefined;

/** A domain's commits in the Commits by Domain view's range (wired by the commits feature). */
export type CommitCounts = (territory: FolderTerritory, domainId: string) => DomainCommitCount | undefined;

export interface DomainCommitCount {
  readonly count: number;
  readonly violating: number;
  /** The range, for people (`main..HEAD`). */
  readonly range: string;
  /** The range holds more commits than were loaded (territory.maxCommits). */
  readonly capped: boolean;
}

/** What a domain line shows besides the map's facts. */
export interface DomainNodeExtras {
  readonly uncommitted?: readonly StatusEntry[];
  readonly task?: string;
  readonly handoffs?: { open: number; blocking: number };
  readonly commits?: DomainCommitCount;
  readonly blocked?: { count: number; node: DomainsNode };
  readonly agent?: DomainAgentState;
  readonly guard?: GuardArmedState;
}

/** The state of a domain's agent (wired by mission control). */
export interface DomainAgentState {
  readonly state: string;
  readonly label: string;
  /** ms since the epoch. */
  readonly since: number;
  readonly icon: string;
  /** What it waits for. */
  readonly detail?: string;
}

export type AgentStates = (territory: FolderTerritory, domainId: string) => DomainAgentState | undefined;

/** A domain's edits refused by the agent guard: how many, and the node listing them (wired by the guard feature). */
export type BlockedEdits = (
  territory: FolderTerritory,
  domainId: string,
) => { count: number; node: DomainsNode } | undefined;

/** The guard's "Git hooks" line of a folder (wired by the guard feature). */
export type GuardNode = (territory: FolderTerritory) => DomainsNode | undefined;

/** Open handoff requests addressed to a domain (wired by the handoffs feature). */
export type HandoffCounts = (territory: FolderTerritory, domainId: string) => { open: number; blocking: number };

export abstract class DomainsNode extends vscode.TreeItem {
  children(): DomainsNode[] {
    return [];
  }
}

export class FolderNode extends DomainsNode {
  constructor(
    readonly territory: FolderTerritory,
    private readonly state: ViewState,
  ) {
    super(territory.folder.name, vscode.TreeItemCollapsibleState.Expanded);
    this.contextValue = 'folder';
    this.iconPath = vscode.ThemeIcon.Folder;
    this.description = territory.source ? vscode.workspace.asRelativePath(territory.source.file, false) : 'no map';
  }

  override children(): DomainsNode[] {
    return territoryChildren(this.territory, this.state);
  }
}

export class MapProblemNode extends DomainsNode {
  constructor(readonly territory: FolderTerritory) {
    super(
      territory.stale ? 'Map has errors — last good map in force' : 'Map problem',
      vscode.TreeItemCollapsibleState.None,
    );
    this.contextValue = 'mapProblem';
    this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    this.description = territory.problem;
    this.tooltip = territory.problem;
    const firstError = territory.diagnostics.find((d) => d.severity === 'error');
    if (territory.source) {
      const line = firstError?.range?.line ?? 0;
      const column = firstError?.range?.column ?? 0;
      this.command = {
        command: 'vscode.open',
        title: 'Open Map',
        arguments: [
          vscode.Uri.file(territory.source.file),
          { selection: new vscode.Range(line, column, line, column) },
        ],
      };
    }
  }
}

export class DomainNode extends DomainsNode {
  constructor(
    readonly territory: FolderTerritory,
    readonly domain: Domain,
    readonly active: boolean,
    extras: DomainNodeExtras = {},
  ) {
    super(domain.id, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${territory.folder.uri.toString()}#domain:${domain.id}`;
    this.contextValue = active ? 'domain.active' : 'domain';
    const files = territory.coverage?.filesByDomain.get(domain.id);
    this.files = files;
    this.uncommitted = extras.uncommitted ?? [];
    this.task = extras.task;
    const { commits, handoffs = { open: 0, blocking: 0 }, agent, guard } = extras;
    this.commits = commits;
    this.blocked = extras.blocked?.node;
    this.guard = guard;
    // The row fits the default 300 px sidebar: the agent's state, the terminal and only what needs
    // attention; the name, prefixes, files and commits are in the tooltip and the children.
    const parts = [
      agent?.label,
      domain.terminal,
      extras.blocked ? `${extras.blocked.count} blocked` : undefined,
      commits && commits.violating > 0 ? `${commits.violating} outside` : undefined,
      handoffs.blocking > 0
        ? `${handoffs.blocking} blocking`
        : handoffs.open > 0
          ? count(handoffs.open, 'handoff')
          : undefined,
      guard && !guard.checking && !guard.armed ? 'guard off' : undefined,
    ];
    this.description = parts.filter((p) => p !== undefined).join(' · ');
    this.iconPath = new vscode.ThemeIcon(
      active ? 'shield' : (agent?.icon ?? 'circle-outline'),
      active ? new vscode.ThemeColor('charts.green') : undefined,
    );
    const facts = [
      files !== undefined ? count(files, 'file') : undefined,
      commits
        ? `${count(commits.count, 'commit')}${commits.capped ? ' or more (territory.maxCommits)' : ''} in ${commits.range}${commits.violating > 0 ? `, ${commits.violating} touching files outside the domain` : ''}`
        : undefined,
      this.uncommitted.length > 0 ? `${count(this.uncommitted.length, 'uncommitted change')}` : undefined,
      handoffs.open > 0
        ? `${count(handoffs.open, 'open handoff request')}${handoffs.blocking > 0 ? `, ${handoffs.blocking} blocking` : ''}`
        : undefined,
      guard && !guard.checking
        ? guard.armed
          ? 'Agent guard armed'
          : `Agent guard NOT armed: ${guard.problems[0] ?? ''}`
        : undefined,
    ].filter((f) => f !== undefined);
    this.tooltip = new vscode.MarkdownString(
      `**${domain.name}** (${domain.id}, terminal ${domain.terminal})${active ? ' — the active domain' : ''}${agent ? `\n\nAgent: ${agent.label} since ${new Date(agent.since).toLocaleTimeString()}${agent.detail ? ` — ${agent.detail}` : ''}` : ''}\n\nPaths: ${domain.paths.map((p) => `\`${p}\``).join(', ')}\n\nPrefixes: ${domain.prefixes.map((p) => `\`${p}\``).join(', ')}${facts.length > 0 ? `\n\n${facts.join(' · ')}` : ''}`,
    );
    this.accessibilityInformation = {
      label: `${domain.id}${active ? ', active' : ''}, ${domain.name}, ${[...parts.filter((p) => p !== undefined), ...facts].join(', ')}`,
    };
  }

  private readonly files: number | undefined;
  private readonly commits: DomainCommitCount | undefined;
  private readonly uncommitted: readonly StatusEntry[];
  private readonly task: string | undefined;
  private readonly blocked: DomainsNode | undefined;
  private readonly guard: GuardArmedState | undefined;

  override children(): DomainsNode[] {
    return [
      ...(this.guard && !this.guard.checking ? [guardArmedNode(this.guard)] : []),
      ...(this.task ? [new DetailNode(`Task: ${this.task}`, undefined, 'tasklist', 'task')] : []),
      new DetailNode('Prefixes', this.domain.prefixes.join(', '), 'git-commit', 'prefixes'),
      ...this.domain.paths.map((pattern) => new DetailNode(pattern, undefined, 'file-submodule', 'pattern')),
      ...this.domain.rules.map((rule) => new DetailNode(rule, 'rule', 'law', 'rule')),
      ...(this.files !== undefined ? [new DetailNode('Files', count(this.files, 'file'), 'files', 'files')] : []),
      ...(this.commits ? [commitsNode(this.commits)] : []),
      ...(this.uncommitted.length > 0
        ? [new ChangesNode(`Uncommitted changes`, this.territory, this.uncommitted, 'uncommitted')]
        : []),
      ...(this.blocked ? [this.blocked] : []),
    ];
  }
}

/** A domain's commits in the Commits by Domain view's range, and how many cross its territory. */
function commitsNode(commits: DomainCommitCount): DomainsNode {
  const shown = `${commits.count}${commits.capped ? '+' : ''} in ${commits.range}${commits.violating > 0 ? ` (${commits.violating} outside)` : ''}`;
  const node = new DetailNode('Commits', shown, 'history', 'commits');
  node.tooltip = `${count(commits.count, 'commit')}${commits.capped ? ' or more (territory.maxCommits)' : ''} in ${commits.range}${commits.violating > 0 ? `; ${count(commits.violating, 'commit')} touching files outside the domain` : ''}`;
  return node;
}

/** The outcome of the guard's canary: armed, or each reason it is not (a guard that would fail open). */
function guardArmedNode(report: Extract<GuardArmedState, { checking: false }>): DomainsNode {
  if (report.armed) {
    const canary = report.canary;
    const node = new DetailNode(
      'Guard armed',
      canary
        ? `${report.agent === 'claude' ? 'a Write' : 'a write'} to ${canary.file} blocked in ${canary.ms} ms`
        : undefined,
      'pass',
      'guardArmed',
    );
    node.tooltip = `The agent guard ran on its canary exactly as ${AGENT_TITLE[report.agent]} will run it, from ${vscode.workspace.asRelativePath(report.settings, false)}: ${report.command ?? ''}`;
    return node;
  }
  const node = new DetailNode('Guard NOT armed', report.problems[0], 'error', 'guardNotArmed');
  node.tooltip = new vscode.MarkdownString(report.problems.map((p) => `- ${p}`).join('\n'));
  return node;
}

export class ChangesNode extends DomainsNode {
  constructor(
    label: string,
    readonly territory: FolderTerritory,
    readonly entries: readonly StatusEntry[],
    contextValue: string,
    warning = false,
  ) {
    super(label, vscode.TreeItemCollapsibleState.Collapsed);
    this.contextValue = contextValue;
    this.description = count(entries.length, 'file');
    this.iconPath = new vscode.ThemeIcon(
      warning ? 'warning' : 'diff',
      warning ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
    );
  }

  override children(): DomainsNode[] {
    return this.entries.map((entry) => new ChangedFileNode(this.territory, entry));
  }
}

export class ChangedFileNode extends DomainsNode {
  constructor(
    territory: FolderTerritory,
    readonly entry: StatusEntry,
  ) {
    super(entry.path, vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'changedFile';
    const uri = vscode.Uri.joinPath(territory.folder.uri, entry.path);
    this.resourceUri = uri;
    // A rename whose old path another owner holds is listed there as `renamed to …` (groupChanges).
    const renamedTo = (entry as { renamedTo?: string }).renamedTo;
    const code = `${entry.index}${entry.workTree}`.trim();
    this.description = entry.conflicted
      ? 'conflict'
      : renamedTo !== undefined
        ? `renamed to ${renamedTo}`
        : entry.from !== undefined
          ? `${code} from ${entry.from}`
          : code;
    this.tooltip = entry.conflicted
      ? `${entry.path}: unresolved merge conflict (${entry.index}${entry.workTree})`
      : `${entry.path} (${this.description})`;
    if (entry.conflicted)
      this.iconPath = new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    const gone = renamedTo !== undefined || entry.index === 'D' || entry.workTree === 'D';
    if (!gone) this.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
  }
}

/** The seed's rule 2 made visible: what others left uncommitted, grouped by owner. */
export class OutsideChangesNode extends DomainsNode {
  constructor(
    readonly territory: FolderTerritory,
    readonly activeId: string,
    readonly byOwner: ReadonlyMap<string, readonly StatusEntry[]>,
  ) {
    super(`Uncommitted changes outside ${activeId}`, vscode.TreeItemCollapsibleState.Expanded);
    this.contextValue = 'outsideChanges';
    const files = [...byOwner.values()].reduce((n, e) => n + e.length, 0);
    this.description = `${count(files, 'file')} — check before editing`;
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }

  override children(): DomainsNode[] {
    return [...this.byOwner].map(
      ([owner, entries]) => new ChangesNode(owner, this.territory, entries, 'outsideChangesOwner', true),
    );
  }
}

export class DetailNode extends DomainsNode {
  constructor(label: string, description: string | undefined, icon: string, contextValue: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = description;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = contextValue;
  }
}

/** The session's goal (the seed's "Example Task Distribution"); a click plans the session. */
export class GoalNode extends DomainsNode {
  constructor(goal: string, tasks: number, domains: number) {
    super(`Goal: ${goal}`, vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'goal';
    this.description = `${tasks} of ${domains} domains have a task`;
    this.iconPath = new vscode.ThemeIcon('target');
    this.tooltip = `${goal}\n\nFrom .territory/session.json; click to plan the session.`;
    this.command = { command: CommandId.planSession, title: 'Plan Session' };
  }
}

/** Rule 4's branch: where every terminal pushes (the pre-push hook refuses a domain anything else). */
export class SessionBranchNode extends DomainsNode {
  constructor(designated: DesignatedBranch) {
    super(
      designated.branch !== undefined ? `Branch: ${designated.branch}` : 'Branch: not set',
      vscode.TreeItemCollapsibleState.None,
    );
    this.contextValue = 'sessionBranch';
    this.iconPath = new vscode.ThemeIcon('git-branch');
    this.description =
      designated.source === 'session'
        ? 'every terminal pushes here'
        : designated.source === 'map'
          ? "the map's branch"
          : 'pushes are not limited';
    this.tooltip =
      designated.branch !== undefined
        ? `Every terminal pushes to ${designated.branch} (rule 4); the pre-push hook refuses a domain terminal any other ref.\n\nFrom ${designated.source === 'session' ? '.territory/session.json' : 'the map'}; click to plan the session.`
        : `${designated.reason}.\n\nClick to plan the session and set the branch.`;
    this.command = { command: CommandId.planSession, title: 'Plan Session' };
  }
}

export class UnassignedNode extends DomainsNode {
  constructor(
    readonly territory: FolderTerritory,
    private readonly uncommitted: readonly StatusEntry[] = [],
  ) {
    super('Unassigned', vscode.TreeItemCollapsibleState.Collapsed);
    this.contextValue = 'unassigned';
    this.iconPath = new vscode.ThemeIcon('question');
    this.description = `${count(territory.coverage?.unassignedCount ?? 0, 'file')} · lead${uncommitted.length > 0 ? ` · ${uncommitted.length} uncommitted` : ''}`;
    this.tooltip = 'Files no domain owns belong to the lead (setting territory.unassigned).';
  }

  override children(): DomainsNode[] {
    return [
      ...(this.uncommitted.length > 0
        ? [new ChangesNode('Uncommitted changes', this.territory, this.uncommitted, 'uncommitted')]
        : []),
      ...(this.territory.coverage?.unassignedDirectories ?? []).map(
        (dir) => new DetailNode(dir.path + '/', count(dir.files, 'file'), 'folder', 'unassignedDirectory'),
      ),
    ];
  }
}

export class ContestedNode extends DomainsNode {
  constructor(
    readonly territory: FolderTerritory,
    private readonly uncommitted: readonly StatusEntry[] = [],
  ) {
    super('Contested', vscode.TreeItemCollapsibleState.Collapsed);
    this.contextValue = 'contested';
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    this.description = `${count(territory.coverage?.contested.length ?? 0, 'file')}${uncommitted.length > 0 ? ` · ${uncommitted.length} uncommitted` : ''}`;
  }

  override children(): DomainsNode[] {
    return [
      ...(this.uncommitted.length > 0
        ? [new ChangesNode('Uncommitted changes', this.territory, this.uncommitted, 'uncommitted', true)]
        : []),
      ...(this.territory.coverage?.contested ?? []).map(
        (file) => new DetailNode(file.path, file.domainIds.join(' vs '), 'file', 'contestedFile'),
      ),
    ];
  }
}

function territoryChildren(territory: FolderTerritory, state: ViewState): DomainsNode[] {
  const nodes: DomainsNode[] = [];
  const { activeId, changes } = state;
  if (territory.problem) nodes.push(new MapProblemNode(territory));
  if (state.warning) nodes.push(new WarningNode(territory, state.warning));
  if (isRestrictedMode(changes.failureOf(territory))) nodes.push(new WaitingForTrustNode(territory));
  const plan = state.planOf(territory);
  const domains = territory.map?.domains ?? [];
  if (plan.goal !== '')
    nodes.push(new GoalNode(plan.goal, domains.filter((d) => plan.tasks[d.id]).length, domains.length));
  const designated = designatedBranch(plan.branch, territory.map?.branch);
  // Shown once there is a plan or a branch: a bare map keeps its view as it was.
  if (territory.map && (designated.branch !== undefined || plan.goal !== ''))
    nodes.push(new SessionBranchNode(designated));
  const outside = changes.outsideActive();
  if (activeId !== undefined && outside.size > 0 && territory.map?.domains.some((d) => d.id === activeId)) {
    nodes.push(new OutsideChangesNode(territory, activeId, outside));
  }
  for (const domain of domains) {
    nodes.push(
      new DomainNode(territory, domain, domain.id === activeId, {
        uncommitted: changes.forDomain(territory, domain.id),
        task: plan.tasks[domain.id] || undefined,
        handoffs: state.handoffsFor(territory, domain.id),
        commits: state.commitsOf(territory, domain.id),
        blocked: state.blockedOf(territory, domain.id),
        agent: state.agentOf(territory, domain.id),
        guard: state.guardArmedOf(territory, domain.id),
      }),
    );
  }
  // Uncommitted files no domain owns (or two claim) are listed too, also when they are new since the last listing.
  const unassigned = changes.forDomain(territory, 'unassigned');
  const contested = changes.forDomain(territory, 'contested');
  if (territory.map && ((territory.coverage?.unassignedCount ?? 0) > 0 || unassigned.length > 0))
    nodes.push(new UnassignedNode(territory, unassigned));
  if ((territory.coverage?.contested.length ?? 0) > 0 || contested.length > 0)
    nodes.push(new ContestedNode(territory, contested));
  const hooks = state.guardNode(territory);
  if (hooks) nodes.push(hooks);
  return nodes;
}

/** A problem another feature reports and keeps until it is fixed (a failed write of the read-only globs). */
export class WarningNode extends DomainsNode {
  constructor(
    readonly territory: FolderTerritory,
    readonly message: string,
  ) {
    super('Read-only files not updated', vscode.TreeItemCollapsibleState.None);
    this.id = `${territory.folder.uri.toString()}#warning`;
    this.contextValue = 'warning';
    this.description = message;
    this.tooltip = message;
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }
}

/** Restricted Mode: uncommitted changes need git, which waits for the user to trust the workspace. */
export class WaitingForTrustNode extends DomainsNode {
  constructor(readonly territory: FolderTerritory) {
    super('Uncommitted changes', vscode.TreeItemCollapsibleState.None);
    this.id = `${territory.folder.uri.toString()}#waitingForTrust`;
    this.contextValue = 'waitingForTrust';
    showWaitingForTrust(this, 'Listing uncommitted changes');
  }
}

/**
 * What the Domains view shows from the other features, built before the view and handed to it:
 * each a reading, and `changed` the events after which the view reads them again.
 */
export interface DomainsSources {
  readonly maps: TerritoryMaps;
  readonly active: ActiveDomain;
  readonly changes: WorkingTreeChanges;
  readonly planOf: ViewState['planOf'];
  readonly handoffsFor: HandoffCounts;
  readonly commitsOf: CommitCounts;
  readonly guardNode: GuardNode;
  readonly blockedOf: BlockedEdits;
  /** Each domain's agent state (mission control). */
  readonly agentOf: AgentStates;
  /** Whether each domain's guard proved itself at launch. */
  readonly guardArmedOf: GuardArmedOf;
  /** A lasting problem of another feature (a failed settings write), shown on top until it clears. */
  readonly warning: () => string | undefined;
  readonly changed: readonly vscode.Event<unknown>[];
}

/** The Domains view: each domain with its terminal, prefixes and patterns, plus map problems. */
export class DomainsTreeProvider extends Disposable implements vscode.TreeDataProvider<DomainsNode> {
  private readonly changed = this.register(new vscode.EventEmitter<DomainsNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<DomainsNode>;

  constructor(private readonly sources: DomainsSources) {
    super();
    this.view = this.register(
      vscode.window.createTreeView(ViewId.domains, { treeDataProvider: this, showCollapseAll: true }),
    );
    const { maps, active, changes } = sources;
    for (const event of [
      maps.onDidChange,
      maps.onDidChangeFiles,
      active.onDidChange,
      changes.onDidChange,
      ...sources.changed,
    ])
      this.register(event(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: DomainsNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: DomainsNode): DomainsNode[] {
    if (node) return node.children();
    // The sources as this read sees them: the active domain and the warning taken once for every node.
    const { maps, active, warning, ...readers } = this.sources;
    const territories = maps.all().filter((t) => t.map !== undefined || t.source !== undefined);
    const state: ViewState = { ...readers, activeId: active.id, warning: warning() };
    if (territories.length === 1 && (vscode.workspace.workspaceFolders?.length ?? 0) <= 1) {
      return territoryChildren(territories[0], state);
    }
    return territories.map((t) => new FolderNode(t, state));
  }
}

/** The Domains view (its provider owns the view). */
export function registerDomainsView(sources: DomainsSources): DomainsTreeProvider {
  return new DomainsTreeProvider(sources);
}
