// Every command Territory contributes, in one table: registration (registerCommand), tree items,
// messages with command links and the manifest check (scripts/check-manifest.mjs) all name them from here.
import * as vscode from 'vscode';

export const CommandId = {
  selectDomain: 'territory.selectDomain',
  makeDomainActive: 'territory.makeDomainActive',
  switchToLead: 'territory.switchToLead',
  validateMap: 'territory.validateMap',
  convertMarkdownMap: 'territory.convertMarkdownMap',
  openMap: 'territory.openMap',
  createMap: 'territory.createMap',
  refresh: 'territory.refresh',
  showLog: 'territory.showLog',
  launchDomainTerminals: 'territory.launchDomainTerminals',
  openDomainTerminal: 'territory.openDomainTerminal',
  pinDomain: 'territory.pinDomain',
  unpinDomain: 'territory.unpinDomain',
  editAnyway: 'territory.editAnyway',
  revokeEditAnyway: 'territory.revokeEditAnyway',
  generatePrompts: 'territory.generatePrompts',
  copyPrompt: 'territory.copyPrompt',
  planSession: 'territory.planSession',
  finishSession: 'territory.finishSession',
  finishSessionMerge: 'territory.finishSessionMerge',
  finishSessionPullRequest: 'territory.finishSessionPullRequest',
  openFinishLocation: 'territory.openFinishLocation',
  exportProtocol: 'territory.exportProtocol',
  createHandoff: 'territory.createHandoff',
  toggleHandoffRequest: 'territory.toggleHandoffRequest',
  openHandoffFile: 'territory.openHandoffFile',
  openRequestedFile: 'territory.openRequestedFile',
  collectHandoffs: 'territory.collectHandoffs',
  groupHandoffsBySource: 'territory.groupHandoffsBySource',
  groupHandoffsByTarget: 'territory.groupHandoffsByTarget',
  refreshHandoffs: 'territory.refreshHandoffs',
  commitDomainChanges: 'territory.commitDomainChanges',
  domainReport: 'territory.domainReport',
  mergeReport: 'territory.mergeReport',
  runTestTask: 'territory.runTestTask',
  changeCommitRange: 'territory.changeCommitRange',
  refreshCommits: 'territory.refreshCommits',
  openCommitFileDiff: 'territory.openCommitFileDiff',
  installGitHooks: 'territory.installGitHooks',
  uninstallGitHooks: 'territory.uninstallGitHooks',
  exportCodeowners: 'territory.exportCodeowners',
  exportCommitlint: 'territory.exportCommitlint',
  exportClaudePermissions: 'territory.exportClaudePermissions',
  writeCiWorkflow: 'territory.writeCiWorkflow',
  showSessionBoard: 'territory.showSessionBoard',
} as const;

export type CommandName = keyof typeof CommandId;

/** Registers the handler of one of Territory's commands (so an id that is not in the table cannot be registered). */
export function registerCommand(
  name: CommandName,
  handler: Parameters<typeof vscode.commands.registerCommand>[1],
): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId[name], handler);
}
