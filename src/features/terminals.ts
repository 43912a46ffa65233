import * as vscode from 'vscode';
import { DOMAIN_ENV, domainOfTerminal, domainTerminalName } from '../core/terminalNames';
import type { Domain } from '../core/types';
import type { ActiveDomain } from './activeDomain';
import { Disposable } from './lifecycle';
import type { FolderTerritory, TerritoryMaps } from './maps';

/** Runs in a newly created domain terminal (the prompts feature starts the agent there). */
export type TerminalStarter = (territory: FolderTerritory, domain: Domain, terminal: vscode.Terminal) => Promise<void>;

/** Opens one terminal per domain and makes the focused domain terminal's domain the active one. */
export class DomainTerminals extends Disposable {
  starter: TerminalStarter | undefined;

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
  ) {
    super();
    this.register(vscode.window.onDidChangeActiveTerminal((terminal) => this.follow(terminal)));
  }

  /** The domain a terminal works for, from its environment or its name. */
  domainOf(terminal: vscode.Terminal): Domain | undefined {
    const options = terminal.creationOptions as vscode.TerminalOptions;
    const env = 'env' in options ? options.env : undefined;
    return domainOfTerminal(terminal.name, env, this.maps.domains().map((d) => d.domain));
  }

  /** Opens (or shows again) the terminal of every domain of every folder. */
  async launchAll(): Promise<vscode.Terminal[]> {
    await this.maps.ready();
    const launched: vscode.Terminal[] = [];
    for (const { territory, domain } of this.maps.domains()) launched.push(this.open(territory, domain, false));
    launched[0]?.show();
    return launched;
  }

  /** The domain's terminal: an open one is reused, else one is created at the folder root. */
  open(territory: FolderTerritory, domain: Domain, show = true): vscode.Terminal {
    let terminal = vscode.window.terminals.find((t) => t.exitStatus === undefined && this.domainOf(t)?.id === domain.id);
    if (!terminal) {
      terminal = vscode.window.createTerminal({
        name: domainTerminalName(domain),
        cwd: territory.folder.uri,
        env: { [DOMAIN_ENV]: domain.id },
        iconPath: new vscode.ThemeIcon('shield'),
      });
      const created = terminal;
      if (this.starter) {
        void this.starter(territory, domain, created).catch((error: unknown) =>
          vscode.window.showErrorMessage(`Territory could not start the agent in ${created.name}: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    }
    if (show) terminal.show();
    return terminal;
  }

  private follow(terminal: vscode.Terminal | undefined): void {
    // Focus on a non-domain terminal (or none) leaves the last active domain in force.
    const domain = terminal && this.domainOf(terminal);
    if (domain) void this.active.set(domain.id, 'terminal');
  }
}
