import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

/** The "Territory" log channel (Output panel). */
export function createLog(): Log {
  return vscode.window.createOutputChannel('Territory', { log: true });
}
