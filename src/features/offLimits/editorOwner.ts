import * as vscode from 'vscode';
import type { ActiveDomain } from '../model/activeDomain';
import { onDidChangeSettings } from '../base/config';
import { CommandId } from '../base/commandIds';
import { Disposable } from '../base/lifecycle';
import type { TerritoryMaps } from '../model/maps';
import { offLimitsVerdict, type OffLimitsVerdict } from './offLimits';
import type { SessionReadonly } from './readonlyEditors';
import { count } from '../../core/plural';
import { UiId } from '../base/ids';

/** Whose file it is, for a title: `FE's file`, `the lead's file`. */
export function ownerTitle(verdict: OffLimitsVerdict): string {
  return verdict.owner ? `${verdict.owner.id}'s file` : "the lead's file";
}

/**
 * Territory's context on an off-limits editor. VS Code's read-only editor says only "read-only in
 * this session" when typed into, its lock replaces the owner's badge on the tab, and an extension
 * cannot set the read-only message of a `file:` editor (only a FileSystemProvider of its own scheme
 * can). So the editor carries it itself: a CodeLens on the first line names the owner with Create
 * Handoff and Edit Anyway, and a status bar item shows the active editor's owner. While Edit Anyway
 * is on, both turn to a warning with Revoke, and stay until it is revoked.
 */
export class EditorOwner extends Disposable implements vscode.CodeLensProvider {
  readonly item = this.register(
    vscode.window.createStatusBarItem(UiId.editorOwnerItem, vscode.StatusBarAlignment.Left, 99),
  );
  /** Whether the status bar item is shown (a StatusBarItem does not say). */
  visible = false;
  private readonly lensesChanged = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    private readonly readonly: SessionReadonly,
  ) {
    super();
    this.item.name = 'Territory: Owner of the Active Editor';
    this.register(vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this));
    for (const event of [
      maps.onDidChange,
      active.onDidChange,
      readonly.onDidChangeOverrides,
      vscode.window.onDidChangeActiveTextEditor,
    ]) {
      this.register(event(() => this.update()));
    }
    this.register(
      onDidChangeSettings((change) => {
        if (change.affects('unassigned')) this.update();
      }),
    );
    this.update();
  }

  private isOverridden(uri: vscode.Uri): boolean {
    return this.readonly.overridden().some((u) => u.toString() === uri.toString());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const verdict = offLimitsVerdict(this.maps, this.active, document.uri);
    if (!verdict) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const uri = document.uri;
    if (this.isOverridden(uri)) {
      return [
        new vscode.CodeLens(top, {
          title: `$(unlock) Editing ${ownerTitle(verdict)} as ${verdict.active.id} (Edit Anyway)`,
          command: '',
        }),
        new vscode.CodeLens(top, {
          title: 'Revoke Edit Anyway',
          command: CommandId.revokeEditAnyway,
          tooltip: `Make ${verdict.relativePath} read-only for ${verdict.active.id} again`,
        }),
        new vscode.CodeLens(top, {
          title: 'Create Handoff',
          command: CommandId.createHandoff,
          arguments: [uri],
          tooltip: `Ask ${verdict.owner?.id ?? 'the lead'} for the change instead`,
        }),
      ];
    }
    return [
      new vscode.CodeLens(top, { title: `$(lock) ${verdict.description}`, command: '' }),
      new vscode.CodeLens(top, {
        title: 'Create Handoff',
        command: CommandId.createHandoff,
        arguments: [uri],
        tooltip: `Ask ${verdict.owner?.id ?? 'the lead'} for the change in ${verdict.relativePath}`,
      }),
      new vscode.CodeLens(top, {
        title: 'Edit Anyway',
        command: CommandId.editAnyway,
        arguments: [uri],
        tooltip: `Make ${verdict.relativePath} writable for ${verdict.active.id} until revoked`,
      }),
    ];
  }

  update(): void {
    this.lensesChanged.fire();
    const editor = vscode.window.activeTextEditor;
    const verdict = editor ? offLimitsVerdict(this.maps, this.active, editor.document.uri) : undefined;
    const overrides = this.readonly.overridden();
    if (editor && verdict && !this.isOverridden(editor.document.uri)) {
      this.item.text = `$(lock) ${ownerTitle(verdict)}`;
      this.item.tooltip = this.tooltip(verdict, editor.document.uri);
      this.item.backgroundColor = undefined;
      this.item.command = {
        title: 'Create Handoff',
        command: CommandId.createHandoff,
        arguments: [editor.document.uri],
      };
      this.show();
      return;
    }
    if (overrides.length > 0) {
      // Shown whatever the active editor: Edit Anyway stays in force until revoked.
      const here = editor && verdict && this.isOverridden(editor.document.uri);
      this.item.text = here
        ? `$(unlock) Editing ${ownerTitle(verdict)} — Revoke`
        : `$(unlock) Edit Anyway on ${count(overrides.length, 'file')} — Revoke`;
      this.item.tooltip = `Edit Anyway is in force for ${this.active.id ?? 'the lead'} on: ${overrides.map((u) => vscode.workspace.asRelativePath(u)).join(', ')}. Click to revoke: they become read-only again.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.command = { title: 'Revoke Edit Anyway', command: CommandId.revokeEditAnyway };
      this.show();
      return;
    }
    this.visible = false;
    this.item.hide();
  }

  private show(): void {
    this.visible = true;
    this.item.show();
  }

  private tooltip(verdict: OffLimitsVerdict, uri: vscode.Uri): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [CommandId.createHandoff, CommandId.editAnyway] };
    const owner = verdict.owner
      ? `${verdict.owner.name} (${verdict.owner.id}, ${verdict.owner.terminal})`
      : 'the lead (unassigned)';
    const arg = encodeURIComponent(JSON.stringify([uri]));
    md.appendMarkdown(
      `${escape(verdict.relativePath)} belongs to **${escape(owner)}**: ${escape(verdict.description)}.\n\n`,
    );
    md.appendMarkdown(
      `[Create Handoff](command:${CommandId.createHandoff}?${arg}) · [Edit Anyway](command:${CommandId.editAnyway}?${arg})`,
    );
    return md;
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
