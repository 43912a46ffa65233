import * as vscode from 'vscode';
import type { ActiveDomain } from '../model/activeDomain';
import { readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { TerritoryMaps } from '../model/maps';
import { offLimitsVerdict, type OffLimitsVerdict } from './offLimits';
import type { SessionReadonly } from './readonlyEditors';
import { CommandId } from '../base/commandIds';
import { UiSeam } from '../base/uiSeam';

export const WarningAction = {
  createHandoff: 'Create Handoff',
  switchDomain: 'Switch Domain',
  editAnyway: 'Edit Anyway',
} as const;
type Action = (typeof WarningAction)[keyof typeof WarningAction];

export interface ShownWarning {
  readonly uri: vscode.Uri;
  readonly domainId: string;
  readonly message: string;
  readonly actions: readonly Action[];
}

/** Shows the warning; tests answer it like a user would (TerritoryApi.ui). */
export type WarningPrompt = (message: string, ...actions: Action[]) => Thenable<Action | undefined>;

export const defaultWarningPrompt: WarningPrompt = (message, ...actions) =>
  vscode.window.showWarningMessage(message, ...actions);

/** Warns once per file and active domain when an off-limits file is opened in an editor. */
export class OffLimitsWarning extends Disposable {
  private readonly warned = new Set<string>();
  readonly shown: ShownWarning[] = [];

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    private readonly readonly: SessionReadonly,
    private readonly prompt = new UiSeam<WarningPrompt>(defaultWarningPrompt),
  ) {
    super();
    this.register(vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.check(editor.document.uri)));
    // Warnings are per domain: after a switch, each off-limits file warns again once.
    this.register(active.onDidChange(() => this.warned.clear()));
  }

  check(uri: vscode.Uri): void {
    if (!readConfig(uri).warnOffLimits) return;
    const verdict = offLimitsVerdict(this.maps, this.active, uri);
    if (!verdict) return;
    const key = `${verdict.active.id}|${uri.toString()}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const ownerText = verdict.owner
      ? `${verdict.owner.name} (${verdict.owner.id}, ${verdict.owner.terminal})`
      : 'the lead (unassigned)';
    const message = `${verdict.relativePath} is off-limits for ${verdict.active.id}: it belongs to ${ownerText}. Ask for the change with a handoff instead of editing it.`;
    const actions: Action[] = [WarningAction.createHandoff, WarningAction.switchDomain, WarningAction.editAnyway];
    this.shown.push({ uri, domainId: verdict.active.id, message, actions });
    void this.prompt.current(message, ...actions).then((action) => this.handle(action, verdict, uri));
  }

  private async handle(action: Action | undefined, verdict: OffLimitsVerdict, uri: vscode.Uri): Promise<void> {
    switch (action) {
      case WarningAction.createHandoff:
        await vscode.commands.executeCommand(CommandId.createHandoff, uri);
        break;
      case WarningAction.switchDomain:
        if (verdict.owner) await this.active.set(verdict.owner.id);
        else await vscode.commands.executeCommand(CommandId.selectDomain);
        break;
      case WarningAction.editAnyway:
        await this.readonly.editAnyway(uri);
        break;
    }
  }
}
