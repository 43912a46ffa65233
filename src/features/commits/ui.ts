import * as vscode from 'vscode';

/**
 * The prompts and messages of the git commands, handed to them through a UiSeam (base/uiSeam.ts) so
 * that integration tests can answer an input box or a picker like a user would.
 */
export interface CommitsUi {
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: vscode.QuickPickOptions,
  ): Thenable<T | undefined>;
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  warn(message: string, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
}

export function defaultUi(): CommitsUi {
  return {
    inputBox: (options) => vscode.window.showInputBox(options),
    quickPick: (items, options) => vscode.window.showQuickPick(items, options),
    info: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
    warn: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
    error: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
  };
}
