import * as vscode from 'vscode';
import { RefreshQueue } from '../../core/refreshQueue';
import type { ActiveDomain } from '../model/activeDomain';
import { onDidChangeSettings, readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import type { TerritoryMaps } from '../model/maps';
import { offLimitsVerdict } from './offLimits';

const SET_READONLY = 'workbench.action.files.setActiveEditorReadonlyInSession';
const RESET_READONLY = 'workbench.action.files.resetActiveEditorReadonlyInSession';

/**
 * `territory.readonly: session`: the active editor of an off-limits file is made read-only for
 * the session, and reset when the domain changes to one that may edit it. VS Code only offers
 * this for the active editor, so other editors are brought up to date when they become active.
 */
export class SessionReadonly extends Disposable {
  /** Files Territory made read-only, by URI. */
  private readonly locked = new Set<string>();
  /** Files the user chose to edit anyway, for the domain they were active as. */
  private readonly overrides = new Map<string, { uri: vscode.Uri; domainId: string }>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeOverrides = this.changed.event;
  /** Serialised: each step runs commands against whatever editor is active at that moment. */
  private readonly applying: RefreshQueue<'active editor'>;

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    log: Log,
  ) {
    super();
    this.applying = new RefreshQueue({ name: 'read-only editor', delayMs: 0, log, run: () => this.apply() });
    this.register({ dispose: () => this.applying.dispose() });
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.schedule()));
    this.register(active.onDidChange(() => this.schedule()));
    this.register(maps.onDidChange(() => this.schedule()));
    this.register(
      onDidChangeSettings((change) => {
        if (change.affects('readonly') || change.affects('unassigned')) this.schedule();
      }),
    );
  }

  /** Resolves once the active editor's read-only state matches the active domain. */
  settled(): Promise<void> {
    return this.applying.idle();
  }

  isLocked(uri: vscode.Uri): boolean {
    return this.locked.has(uri.toString());
  }

  overridden(): vscode.Uri[] {
    return [...this.overrides.values()].filter((o) => o.domainId === this.active.id).map((o) => o.uri);
  }

  /** "Edit Anyway": this file becomes writable for this domain, for the session. */
  async editAnyway(uri: vscode.Uri): Promise<void> {
    this.overrides.set(uri.toString(), { uri, domainId: this.active.id ?? '' });
    this.changed.fire();
    await this.applying.run('active editor');
  }

  async revokeOverrides(): Promise<void> {
    this.overrides.clear();
    this.changed.fire();
    await this.applying.run('active editor');
  }

  schedule(): void {
    void this.applying.run('active editor');
  }

  private async apply(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== 'file') return;
    const uri = editor.document.uri;
    const key = uri.toString();
    const mode = readConfig(uri).readonly;
    const override = this.overrides.get(key);
    const shouldLock =
      mode === 'session' &&
      offLimitsVerdict(this.maps, this.active, uri) !== undefined &&
      !(override && override.domainId === this.active.id);
    if (shouldLock && !this.locked.has(key)) {
      await vscode.commands.executeCommand(SET_READONLY);
      this.locked.add(key);
    } else if (!shouldLock && this.locked.has(key)) {
      await vscode.commands.executeCommand(RESET_READONLY);
      this.locked.delete(key);
    }
  }
}
