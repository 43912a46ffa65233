import * as vscode from 'vscode';
import { DOMAIN_ENV } from '../../core/terminalNames';
import type { Domain } from '../../core/types';
import { Disposable } from '../base/lifecycle';
import type { TerritoryMaps } from './maps';
import { setContext, StateKey } from '../base/ids';

/** Why the active domain changed: terminal focus may not override a pinned choice. */
export type DomainChangeSource = 'user' | 'terminal';

/**
 * The domain the user works as, by id; undefined is the lead. Remembered per workspace, and
 * resolved against the maps so a map change that removes the domain falls back to the lead.
 */
export class ActiveDomain extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<string | undefined>());
  readonly onDidChange = this.changed.event;
  private currentId: string | undefined;
  private pinnedState: boolean;

  constructor(
    private readonly state: vscode.Memento,
    private readonly maps: TerritoryMaps,
  ) {
    super();
    // VS Code started from a domain terminal (TERRITORY_DOMAIN set) starts as that domain.
    this.currentId =
      process.env[DOMAIN_ENV]?.trim().toUpperCase() || state.get<string>(StateKey.activeDomain) || undefined;
    this.pinnedState = state.get<boolean>(StateKey.activeDomainPinned) ?? false;
  }

  /** A pinned domain stays active when another domain's terminal gets focus. */
  get pinned(): boolean {
    return this.pinnedState;
  }

  async setPinned(pinned: boolean): Promise<void> {
    if (pinned === this.pinnedState) return;
    this.pinnedState = pinned;
    this.changed.fire(this.currentId);
    await this.state.update(StateKey.activeDomainPinned, pinned);
    await setContext('activeDomainPinned', pinned);
  }

  /** The active domain id as chosen, even if no map currently defines it. */
  get id(): string | undefined {
    return this.currentId;
  }

  /** The active domain as the maps define it, undefined for the lead or an unknown id. */
  get domain(): Domain | undefined {
    return this.currentId === undefined
      ? undefined
      : this.maps.domains().find((d) => d.domain.id === this.currentId)?.domain;
  }

  /** Returns false when a terminal tried to change a pinned domain. */
  async set(id: string | undefined, source: DomainChangeSource = 'user'): Promise<boolean> {
    if (source === 'terminal' && this.pinnedState) return false;
    if (id === this.currentId) return true;
    this.currentId = id;
    // Listeners (status bar, decorations, read-only state) follow at once; persisting can lag.
    this.changed.fire(id);
    await this.state.update(StateKey.activeDomain, id);
    await setContext('activeDomain', id ?? '');
    return true;
  }
}
