import type * as vscode from 'vscode';

/** Base for anything that owns listeners, emitters or UI: dispose it and everything it registered goes. */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
  }
}

/** A feature as activate() owns it: the API other features and the tests use, which disposes all it made. */
export type Feature<T> = T & vscode.Disposable;

/**
 * The one shape of a feature in the composition root: `api` (not itself a Disposable) becomes the
 * object activate() owns; disposing it disposes `parts`, last made first.
 */
export function feature<T extends object>(api: T, parts: readonly vscode.Disposable[]): Feature<T> {
  return Object.assign(api, { dispose: () => [...parts].reverse().forEach((part) => part.dispose()) });
}
