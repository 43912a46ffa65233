// The prompts and messages a feature shows, handed to it when it is built (wiring by construction):
// in production they answer through VS Code's dialogs; Territory's integration tests answer like a
// user through `answerWith`, reached as `TerritoryApi.ui` — the one test hook, so no test reassigns
// a field of a feature after it was built.
import * as vscode from 'vscode';

export class UiSeam<T> {
  private replaced: T | undefined;

  constructor(private readonly production: T) {}

  /** What answers now: the test's answers while a test set them, else the production dialogs. */
  get current(): T {
    return this.replaced ?? this.production;
  }

  /** Test hook: `answers` answer until `reset()` or the returned disposable's dispose(). */
  answerWith(answers: T): vscode.Disposable {
    this.replaced = answers;
    return { dispose: () => this.reset() };
  }

  /** Back to the production dialogs. */
  reset(): void {
    this.replaced = undefined;
  }
}

/** A notification offering choices (an information message); resolves to the one picked, if any. */
export interface InfoUi {
  info(message: string, ...choices: string[]): Thenable<string | undefined>;
}

/** The same as a warning. */
export interface WarnUi {
  warn(message: string, ...choices: string[]): Thenable<string | undefined>;
}

export function infoUi(): InfoUi {
  return { info: (message, ...choices) => vscode.window.showInformationMessage(message, ...choices) };
}

export function warnUi(): WarnUi {
  return { warn: (message, ...choices) => vscode.window.showWarningMessage(message, ...choices) };
}
