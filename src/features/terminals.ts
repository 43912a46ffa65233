import * as vscode from 'vscode';
import { DOMAIN_ENV, domainOfTerminal, domainTerminalName } from '../core/terminalNames';
import type { Domain } from '../core/types';
import type { ActiveDomain } from './activeDomain';
import { Disposable } from './lifecycle';
import type { FolderTerritory, TerritoryMaps } from './maps';
import { requireTrust } from './trust';

export interface CreatedTerminal {
  territory: FolderTerritory;
  domain: Domain;
  terminal: vscode.Terminal;
}

/** Runs once per launch over the terminals it created (the prompts feature starts the agents there). */
export type TerminalStarter = (created: readonly CreatedTerminal[]) => Promise<void>;

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
    return domainOfTerminal(
      terminal.name,
      env,
      this.maps.domains().map((d) => d.domain),
    );
  }

  /** Opens (or shows again) the terminal of every domain of every folder. */
  async launchAll(): Promise<vscode.Terminal[]> {
    if (!requireTrust('open domain terminals')) return [];
    await this.maps.ready();
    const launched: vscode.Terminal[] = [];
    const created: CreatedTerminal[] = [];
    for (const { territory, domain } of this.maps.domains()) launched.push(this.reuseOrCreate(territory, domain, created));
    launched[0]?.show();
    this.start(created);
    return launched;
  }

  /** The domain's terminal, shown: an open one is reused, else one is created at the folder root. */
  open(territory: FolderTerritory, domain: Domain): vscode.Terminal | undefined {
    if (!requireTrust('open domain terminals')) return undefined;
    const created: CreatedTerminal[] = [];
    const terminal = this.reuseOrCreate(territory, domain, created);
    terminal.show();
    this.start(created);
    return terminal;
  }

  private reuseOrCreate(territory: FolderTerritory, domain: Domain, created: CreatedTerminal[]): vscode.Terminal {
    const open = vscode.window.terminals.find((t) => t.exitStatus === undefined && this.domainOf(t)?.id === domain.id);
    if (open) return open;
    const terminal = vscode.window.createTerminal({
      name: domainTerminalName(domain),
      cwd: territory.folder.uri,
      env: { [DOMAIN_ENV]: domain.id },
      iconPath: new vscode.ThemeIcon('shield'),
    });
    created.push({ territory, domain, terminal });
    return terminal;
  }

  private start(created: readonly CreatedTerminal[]): void {
    if (!this.starter || created.length === 0) return;
    this.starter(created).catch((error: unknown) => vscode.window.showErrorMessage(`Territory could not start the agents: ${error instanceof Error ? error.message : String(error)}`));
  }

  private follow(terminal: vscode.Terminal | undefined): void {
    // Focus on a non-domain terminal (or none) leaves the last active domain in force.
    const domain = terminal && this.domainOf(terminal);
    if (domain) void this.active.set(domain.id, 'terminal');
  }
}
