import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileViolation } from '../../core/commits/attribution';
import { relativeDate, type AttributedCommit } from '../../core/commits/grouping';
import type { Domain, DomainMap } from '../../core/types';
import { NO_SESSION_COMMITS } from '../../core/commits/range';
import type { History } from '../../git/history';
import type { CommitRecord } from '../../git/log';
import { Disposable } from '../base/lifecycle';
import { showWaitingForTrust } from '../base/trust';
import type { FolderTerritory } from '../model/maps';
import type { CommitFileTarget } from './diff';
import type { CommitsService, FolderCommits } from './service';
import { CommandId } from '../base/commandIds';
import { pluralOf } from '../../core/plural';

export abstract class CommitsNode extends vscode.TreeItem {
  /** Set by the node that made this one: TreeView.reveal walks up through getParent. */
  parent: CommitsNode | undefined;

  children(): CommitsNode[] {
    return [];
  }
}

function adopt<T extends CommitsNode>(parent: CommitsNode, children: T[]): T[] {
  for (const child of children) child.parent = parent;
  return children;
}

/** What nodes need to describe owners and open diffs. */
interface Context {
  readonly territory: FolderTerritory;
  readonly history: History;
  readonly now: Date;
}

function ownerLabel(map: DomainMap | undefined, owner: string): string {
  const domain = map?.domains.find((d) => d.id === owner);
  if (domain) return `${domain.id} (${domain.terminal})`;
  return owner === 'unassigned' ? "unassigned (the lead's)" : owner;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : pluralOf(noun)}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export class CommitsFolderNode extends CommitsNode {
  constructor(readonly folderCommits: FolderCommits) {
    super(folderCommits.territory.folder.name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `${folderCommits.territory.folder.uri.toString()}#commits`;
    this.contextValue = 'commitsFolder';
    this.iconPath = vscode.ThemeIcon.Folder;
    this.description = folderCommits.result.ok ? folderCommits.result.history.range.label : undefined;
  }

  override children(): CommitsNode[] {
    return adopt(this, folderChildren(this.folderCommits, new Date()));
  }
}

/** The range in force; click to change it. */
export class RangeNode extends CommitsNode {
  constructor(
    readonly territory: FolderTerritory,
    history: History,
  ) {
    super(`Range: ${history.range.label}`, vscode.TreeItemCollapsibleState.None);
    this.id = `${territory.folder.uri.toString()}#commits:range`;
    this.contextValue = 'commitsRange';
    this.iconPath = new vscode.ThemeIcon('history');
    this.description = history.range.atBase
      ? NO_SESSION_COMMITS
      : history.capped
        ? `${plural(history.commits.length, 'commit')} of ${history.total.toLocaleString('en-US')}`
        : plural(history.total, 'commit');
    this.tooltip = `Commits of ${history.range.label}${history.range.spec ? ` (git log ${history.range.spec}${history.range.since ? ` --since=${history.range.since}` : ''})` : ''}. Click to change the range.`;
    this.command = { command: CommandId.changeCommitRange, title: 'Change Range', arguments: [territory.folder] };
  }
}

/** Something the user should know: a capped range, a detached HEAD, a shallow clone, a merge in progress. */
export class CommitsNoticeNode extends CommitsNode {
  constructor(text: string, warning: boolean, key: string) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.id = key;
    this.contextValue = 'commitsNotice';
    this.tooltip = text;
    this.iconPath = new vscode.ThemeIcon(
      warning ? 'warning' : 'info',
      warning ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
    );
  }
}

/** Why there are no commits to show: not a repository, git missing, a bad range. */
export class CommitsProblemNode extends CommitsNode {
  constructor(
    readonly territory: FolderTerritory,
    label: string,
    detail: string,
    changeRange: boolean,
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'commitsProblem';
    this.description = detail;
    this.tooltip = `${label}: ${detail}`;
    this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    if (changeRange)
      this.command = { command: CommandId.changeCommitRange, title: 'Change Range', arguments: [territory.folder] };
  }
}

/** A domain's commits (or the unattributed ones), with counts in the label. */
export class CommitGroupNode extends CommitsNode {
  readonly violatingCommits: number;
  readonly violations: number;

  constructor(
    private readonly context: Context,
    /** Undefined for the "Unattributed" group. */
    readonly domain: Domain | undefined,
    readonly commits: readonly AttributedCommit<CommitRecord>[],
  ) {
    const label = domain ? domain.id : 'Unattributed';
    super(
      `${label} (${commits.length.toLocaleString('en-US')})`,
      commits.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `${context.territory.folder.uri.toString()}#commits:group:${domain?.id ?? '-unattributed'}`;
    this.violatingCommits = commits.filter((c) => c.violations.length > 0).length;
    this.violations = commits.reduce((n, c) => n + c.violations.length, 0);
    const warn = this.violatingCommits > 0;
    this.contextValue = domain
      ? warn
        ? 'commitGroup.domain.violations'
        : 'commitGroup.domain'
      : 'commitGroup.unattributed';
    const parts = domain ? [domain.terminal, domain.prefixes.join(' ')] : ['no domain prefix, or a merge'];
    if (warn) parts.push(`${plural(this.violatingCommits, 'commit')} with violations`);
    this.description = parts.join(' · ');
    this.iconPath = warn
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon(domain ? 'git-commit' : 'question');
    const tooltip = new vscode.MarkdownString();
    if (domain) {
      tooltip.appendMarkdown(
        `**${escapeMarkdown(domain.name)}** (${escapeMarkdown(domain.id)}, terminal ${escapeMarkdown(domain.terminal)}): ${plural(commits.length, 'commit')} with prefix ${domain.prefixes.map((p) => `\`${p}\``).join(' or ')}`,
      );
      if (warn)
        tooltip.appendMarkdown(
          `\n\n$(warning) ${plural(this.violatingCommits, 'commit')} changed ${plural(this.violations, 'file')} outside ${escapeMarkdown(domain.id)}'s territory`,
        );
    } else {
      tooltip.appendMarkdown(
        `${plural(commits.length, 'commit')} whose subject starts with no domain prefix, and merge commits`,
      );
    }
    tooltip.supportThemeIcons = true;
    this.tooltip = tooltip;
  }

  override children(): CommitsNode[] {
    return adopt(
      this,
      this.commits.map((c) => new CommitNode(this.context, c)),
    );
  }
}

export class CommitNode extends CommitsNode {
  constructor(
    private readonly context: Context,
    readonly attributed: AttributedCommit<CommitRecord>,
  ) {
    const { commit, violations } = attributed;
    super(
      commit.subject,
      commit.files.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `${context.territory.folder.uri.toString()}#commit:${commit.hash}`;
    this.contextValue = violations.length > 0 ? 'commit.violations' : 'commit';
    this.description = `${commit.shortHash} · ${commit.author} · ${relativeDate(commit.date, context.now)}`;
    this.iconPath =
      violations.length > 0
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : new vscode.ThemeIcon(commit.parents.length > 1 ? 'git-merge' : 'git-commit');
    const domain = attributed.attribution.domain;
    const md = new vscode.MarkdownString();
    md.supportThemeIcons = true;
    md.appendMarkdown(`**${escapeMarkdown(commit.subject)}**\n\n`);
    md.appendMarkdown(
      `\`${commit.hash}\` — ${escapeMarkdown(commit.author)}, ${new Date(commit.date).toLocaleString()}\n\n`,
    );
    md.appendMarkdown(`${plural(commit.files.length, 'file')} changed`);
    if (domain)
      md.appendMarkdown(
        ` · domain ${escapeMarkdown(domain.id)} (prefix \`${attributed.attribution.prefix ?? ''}\`${attributed.attribution.kind !== 'prefixed' ? `, ${attributed.attribution.kind}` : ''})`,
      );
    else md.appendMarkdown(attributed.attribution.kind === 'merge' ? ' · merge commit' : ' · no domain prefix');
    if (violations.length > 0 && domain) {
      md.appendMarkdown(
        `\n\n$(warning) ${plural(violations.length, 'file')} outside ${escapeMarkdown(domain.id)}'s territory:\n`,
      );
      for (const v of violations.slice(0, 10))
        md.appendMarkdown(`\n- \`${v.path}\` — owned by ${escapeMarkdown(ownerLabel(context.territory.map, v.owner))}`);
      if (violations.length > 10) md.appendMarkdown(`\n- … and ${violations.length - 10} more`);
    }
    this.tooltip = md;
  }

  override children(): CommitsNode[] {
    const byPath = new Map<string, FileViolation>(this.attributed.violations.map((v) => [v.path, v]));
    return adopt(
      this,
      this.attributed.commit.files.map(
        (file) => new CommitFileNode(this.context, this.attributed, file, byPath.get(file.path)),
      ),
    );
  }
}

const STATUS_NAMES: Record<string, string> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  T: 'type changed',
  R: 'renamed',
  C: 'copied',
};

export class CommitFileNode extends CommitsNode {
  readonly target: CommitFileTarget;

  constructor(
    context: Context,
    readonly attributed: AttributedCommit<CommitRecord>,
    readonly file: { readonly status: string; readonly path: string },
    readonly violation: FileViolation | undefined,
  ) {
    super(path.posix.basename(file.path), vscode.TreeItemCollapsibleState.None);
    const { commit } = attributed;
    const folder = context.territory.folder;
    this.id = `${folder.uri.toString()}#commit:${commit.hash}:${file.path}`;
    this.contextValue = violation ? 'commitFile.violation' : 'commitFile';
    this.resourceUri = vscode.Uri.joinPath(folder.uri, file.path);
    const dir = path.posix.dirname(file.path);
    const owner = violation ? ownerLabel(context.territory.map, violation.owner) : undefined;
    this.description = `${dir === '.' ? '' : dir} ${file.status}${owner ? ` · ⚠ ${owner}` : ''}`.trim();
    const domain = attributed.attribution.domain;
    this.tooltip =
      violation && domain
        ? `${file.path} (${STATUS_NAMES[file.status] ?? file.status}) — owned by ${owner}, outside ${domain.id}'s territory`
        : `${file.path} (${STATUS_NAMES[file.status] ?? file.status})`;
    if (violation)
      this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    this.target = {
      top: context.history.state.top,
      hash: commit.hash,
      shortHash: commit.shortHash,
      path: context.history.state.prefix + file.path,
      status: file.status,
    };
    this.command = { command: CommandId.openCommitFileDiff, title: 'Open Changes', arguments: [this.target] };
  }
}

function folderChildren(folderCommits: FolderCommits, now: Date): CommitsNode[] {
  const { territory, result } = folderCommits;
  const key = territory.folder.uri.toString();
  if (!result.ok) {
    const labels: Record<typeof result.kind, string> = {
      untrusted: 'Restricted Mode',
      'no-git': 'Git is not available',
      'not-repo': 'Not a git repository',
      error: 'Cannot read the commits',
      range: 'Bad range',
    };
    const problem = new CommitsProblemNode(territory, labels[result.kind], result.reason, result.kind === 'range');
    if (result.kind === 'untrusted') showWaitingForTrust(problem, 'Commits by Domain');
    return [problem];
  }
  const history = result.history;
  const context: Context = { territory, history, now };
  const nodes: CommitsNode[] = [new RangeNode(territory, history)];
  history.notices.forEach((notice, i) => {
    // A branch just made is no problem: "No session commits yet" is said as information.
    const warning = !/^Showing the newest|^No session commits yet/.test(notice);
    nodes.push(new CommitsNoticeNode(notice, warning, `${key}#commits:notice:${i}`));
  });
  for (const group of history.grouping.groups) nodes.push(new CommitGroupNode(context, group.domain, group.commits));
  nodes.push(new CommitGroupNode(context, undefined, history.grouping.unattributed));
  return nodes;
}

/** The Commits by Domain view: the range's commits grouped by domain prefix, with violations. */
export class CommitsTreeProvider extends Disposable implements vscode.TreeDataProvider<CommitsNode> {
  private readonly changed = this.register(new vscode.EventEmitter<CommitsNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly service: CommitsService) {
    super();
    this.register(service.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: CommitsNode): vscode.TreeItem {
    return node;
  }

  getParent(node: CommitsNode): CommitsNode | undefined {
    return node.parent;
  }

  getChildren(node?: CommitsNode): CommitsNode[] {
    if (node) return node.children();
    const folders = this.service.all();
    if (folders.length === 0) return [];
    if (folders.length === 1 && (vscode.workspace.workspaceFolders?.length ?? 0) <= 1)
      return folderChildren(folders[0], new Date());
    return folders.map((f) => new CommitsFolderNode(f));
  }

  /** The group node of a domain (or `Unattributed`) in the first folder: for tests and reveal. */
  group(domainId: string | undefined, folder?: vscode.WorkspaceFolder): CommitGroupNode | undefined {
    const folderCommits = folder ? this.service.get(folder) : this.service.all()[0];
    if (!folderCommits) return undefined;
    return folderChildren(folderCommits, new Date()).find(
      (n): n is CommitGroupNode => n instanceof CommitGroupNode && n.domain?.id === domainId,
    );
  }
}
