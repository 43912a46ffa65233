// Territory's reports (Merge Report, Collect Handoffs, a domain's report) as read-only documents
// on the `territory-report:` scheme, shown in the markdown preview. One document per report name:
// running a report again replaces its text and reveals the same preview, so no Untitled editor
// piles up, nothing is dirty and closing asks nothing. The tab reads "Preview Merge Report.md",
// the markdown is rendered (no `\_` escapes), and file locations are links that open the line.
import * as vscode from 'vscode';
import { insidePath, type LinkTo } from '../../core/commits/markdown';
import { Disposable } from './lifecycle';

export const REPORT_SCHEME = 'territory-report';

/** How long to wait for an open report document to take its new text before showing it anyway. */
const UPDATE_MS = 2000;

export class ReportPreviews extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ??
      `# ${reportTitle(uri)}\n\nRun the report again: its text is gone (the window was reloaded).\n`
    );
  }

  /** The document of the report `name` (e.g. "Merge Report"), which need not be open. */
  uri(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name.replace(/[/\\]/g, '-')}.md` });
  }

  /** Puts `markdown` in the report `name` and shows it in the markdown preview (reused when open). */
  async show(name: string, markdown: string): Promise<vscode.TextDocument> {
    const uri = this.uri(name);
    const key = uri.toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    this.texts.set(key, markdown);
    if (open && open.getText() !== markdown) await this.update(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // No markdown preview (the built-in extension disabled): the read-only text itself.
      await vscode.window.showTextDocument(document, { preview: true });
    }
    return document;
  }

  /** Fires the change and waits until the open document holds the new text (or a short time passed). */
  private async update(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      };
      const listener = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === key) done();
      });
      const timer = setTimeout(done, UPDATE_MS);
      this.changed.fire(uri);
    });
  }
}

/** "Merge Report" from `territory-report:/Merge Report.md`. */
export function reportTitle(uri: vscode.Uri): string {
  return decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
}

/** Links a report's locations to the files of `folder`, at the line when given; never outside it. */
export function folderLinks(folder: vscode.WorkspaceFolder): LinkTo {
  return (path, line) => {
    const inside = insidePath(path);
    if (inside === undefined) return undefined;
    return vscode.Uri.joinPath(folder.uri, ...inside.split('/'))
      .with({ fragment: line === undefined ? '' : `L${line}` })
      .toString();
  };
}
