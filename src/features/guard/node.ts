import * as vscode from 'vscode';
import { DomainsNode } from '../model/domainsView';
import { isRestrictedMode } from '../../git/door';
import { hooksContextValue } from '../../git/hooks';
import { showWaitingForTrust } from '../base/trust';
import type { FolderHooks } from './service';
import { CommandId } from '../base/commandIds';

/** The Domains view's line about the git hooks: installed or not, one click to install, and Uninstall while any of Territory's is there. */
export class GitHooksNode extends DomainsNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly hooks: FolderHooks,
  ) {
    super('Git hooks', vscode.TreeItemCollapsibleState.None);
    this.id = `${folder.uri.toString()}#gitHooks`;
    if (!hooks.ok && isRestrictedMode(hooks)) {
      this.contextValue = 'gitHooks.untrusted';
      showWaitingForTrust(this, 'The git hooks status');
      return;
    }
    if (!hooks.ok) {
      this.contextValue = 'gitHooks.unavailable';
      this.description = 'no git repository';
      this.tooltip = hooks.reason;
      this.iconPath = new vscode.ThemeIcon('circle-slash');
      return;
    }
    const { status } = hooks;
    const installed = status.hooks.filter((h) => h.state === 'territory').length;
    const outdated = status.hooks.some((h) => h.state === 'outdated');
    const edited = status.hooks.some((h) => h.state === 'edited');
    this.contextValue = hooksContextValue(status);
    // git would not run Territory's check for some hook (a manager without the step, core.hooksPath elsewhere …).
    const firstOff = status.hooks.find((h) => h.off !== undefined)?.off;
    this.description = status.installed
      ? `installed${status.manager ? ` (a step of ${status.manager.name})` : ''}: commits and pushes are checked`
      : firstOff !== undefined && (status.manager !== undefined || installed > 0 || outdated || edited)
        ? `hooks off: ${firstOff}`
        : edited
          ? 'edited by hand: kept as it is (see the tooltip)'
          : outdated
            ? 'outdated: install again'
            : installed > 0
              ? `${installed} of ${status.hooks.length} installed`
              : 'not installed: commits are not checked';
    this.iconPath = status.installed
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    const lines = status.hooks.map(
      (h) =>
        `- \`${h.name}\`: ${h.state}${h.chained ? ' (calls the hook it replaced)' : ''}${h.off ? ` — hooks off: ${h.off}` : ''}`,
    );
    const where = status.manager
      ? `Territory as a step of ${status.manager.name} (git runs hooks from \`${status.dir}\`):`
      : `Territory's git hooks in \`${status.dir}\`${status.hooksPath ? ` (core.hooksPath)` : ''}:`;
    this.tooltip = new vscode.MarkdownString([where, '', ...lines].join('\n'));
    if (!status.installed)
      this.command = { command: CommandId.installGitHooks, title: 'Install Git Hooks', arguments: [folder] };
  }
}
