import * as vscode from 'vscode';
import { mayStartProcesses, setProcessPolicy } from '../../git/door';
import { onDidChangeSettings, readConfig } from './config';
import { Disposable } from './lifecycle';
import type { Log } from './log';

/** VS Code's own command that opens the Workspace Trust editor. */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/**
 * Workspace trust as Territory obeys it: until the user trusts the workspace, the process door
 * (src/git/door.ts) starts nothing, so no git, terminal, task or agent runs. When trust is
 * granted, `onDidGrant` fires and the git-backed views read the repository without a reload.
 */
export class WorkspaceTrust extends Disposable {
  private readonly granted = this.register(new vscode.EventEmitter<void>());
  readonly onDidGrant = this.granted.event;

  constructor(log: Log) {
    super();
    // Read once and kept current: the policy is asked on every git call.
    let allowFsmonitor = readConfig().allowGitFsmonitor;
    this.register(
      onDidChangeSettings((change) => {
        if (change.affects('allowGitFsmonitor')) allowFsmonitor = readConfig().allowGitFsmonitor;
      }),
    );
    const restore = setProcessPolicy({
      mayStartProcesses: () => vscode.workspace.isTrusted,
      allowRepositoryFsmonitor: () => allowFsmonitor,
    });
    this.register({ dispose: restore });
    if (!vscode.workspace.isTrusted)
      log.info(
        'Restricted Mode: no git, terminal or agent until the workspace is trusted; owners come from the file system',
      );
    this.register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        log.info('workspace trusted: reading the repository');
        this.granted.fire();
      }),
    );
  }
}

/**
 * Every command that opens a terminal, runs a task or starts an agent asks here first: true when
 * the door is open; otherwise the user is told why, with VS Code's button to manage trust.
 */
export function requireTrust(action: string): boolean {
  if (mayStartProcesses()) return true;
  void vscode.window
    .showWarningMessage(
      `Territory does not ${action} in Restricted Mode: trust this workspace first.`,
      'Manage Workspace Trust',
    )
    .then((choice) => (choice ? vscode.commands.executeCommand(MANAGE_TRUST_COMMAND) : undefined));
  return false;
}

/** Makes a tree item the "waits for trust" line of a git-backed view: one click manages trust. */
export function showWaitingForTrust(item: vscode.TreeItem, what: string): void {
  item.description = 'waiting for workspace trust';
  item.tooltip = new vscode.MarkdownString(
    `Restricted Mode: ${what} needs git, and git can run programs that the repository's own configuration names. ` +
      'Territory starts no process until you trust this workspace; click to manage workspace trust.',
  );
  item.iconPath = new vscode.ThemeIcon('workspace-untrusted');
  item.command = { command: MANAGE_TRUST_COMMAND, title: 'Manage Workspace Trust' };
}
