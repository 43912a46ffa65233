// "Focus Terminal" (on a waiting-for-input or blocked-edit notification, and the Session Board's
// button) does what it says: it focuses the domain's open terminal, or says the domain has none
// and offers Launch. It never creates a terminal unasked (an empty shell, with the prompt opened
// beside and copied to the clipboard), and never changes the window's active domain.
import * as vscode from 'vscode';
import type { Domain } from '../../core/types';
import type { FolderTerritory } from '../model/maps';
import type { DomainTerminals } from '../terminals/terminals';
import { infoUi, UiSeam, type InfoUi } from '../base/uiSeam';

/** The messages it shows (tests answer them through `api.ui.focusTerminal`). */
export type FocusTerminalUi = InfoUi;

export const LAUNCH_CHOICE = 'Launch Terminal';

export class TerminalFocus {
  constructor(
    private readonly terminals: DomainTerminals,
    /** Its question; tests answer it through this seam. */
    readonly ui = new UiSeam(infoUi()),
  ) {}

  /** Focuses the domain's terminal; without one, asks whether to launch it. The terminal focused or launched, if any. */
  async focus(territory: FolderTerritory, domain: Domain): Promise<vscode.Terminal | undefined> {
    const open = this.terminals.focusOpen(domain);
    if (open) return open;
    const choice = await this.ui.current.info(
      `${domain.id} (${domain.terminal}) has no terminal open in this window. Launch it to start its agent there.`,
      LAUNCH_CHOICE,
    );
    return choice === LAUNCH_CHOICE ? this.launch(territory, domain) : undefined;
  }

  /** Opens the domain's terminal (and starts its agent) as asked, keeping the window's active domain. */
  launch(territory: FolderTerritory, domain: Domain): vscode.Terminal | undefined {
    return this.terminals.open(territory, domain, { keepActiveDomain: true });
  }
}
