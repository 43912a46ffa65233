import * as vscode from 'vscode';
import { DOMAIN_ENV, domainOfTerminal, domainTerminalName } from '../../core/terminalNames';
import type { Domain } from '../../core/types';
import type { ActiveDomain } from '../model/activeDomain';
import { Disposable } from '../base/lifecycle';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { requireTrust } from '../base/trust';
import { readConfig } from '../base/config';
import { findCliBundle } from '../../core/guard/cliBundle';
import { findSandboxRuntime, missingSandboxTools, SRT_INSTALL_HINT } from '../../git/sandboxRuntime';

export interface CreatedTerminal {
  territory: FolderTerritory;
  domain: Domain;
  terminal: vscode.Terminal;
}

/** Runs once per launch over the terminals it created (the prompts feature starts the agents there). */
export type TerminalStarter = (created: readonly CreatedTerminal[]) => Promise<void>;

/**
 * What a domain terminal sets so that every agent started in it runs Territory's guard: Copilot CLI
 * in prompt mode (`copilot -p`) loads the repository's `.github/hooks/` only with this set (checked
 * with Copilot CLI 1.0.102: without it the hook never ran and the write went through).
 */
export const AGENT_HOOK_ENV: Readonly<Record<string, string>> = { GITHUB_COPILOT_PROMPT_MODE_REPO_HOOKS: 'true' };

/**
 * The options of a domain terminal whose shell runs inside `territory sandbox` (the OS sandbox with
 * the domain's write limits): VS Code's own binary runs the CLI as Node, and the CLI starts the
 * user's shell under srt. Why not, when the CLI or srt cannot be found.
 */
export function sandboxedTerminal(
  plain: vscode.TerminalOptions,
  folder: string,
  domain: Domain,
): vscode.TerminalOptions | string {
  const cli = findCliBundle(__dirname);
  if (cli === undefined) return "Territory's command-line tool (dist/cli.js) was not found beside the extension";
  if (findSandboxRuntime(folder) === undefined) return `the sandbox runtime (srt) was not found: ${SRT_INSTALL_HINT}`;
  const missing = missingSandboxTools(folder);
  if (missing !== undefined) return missing;
  const shell = vscode.env.shell || '/bin/sh';
  return {
    ...plain,
    shellPath: process.execPath,
    shellArgs: [cli, 'sandbox', '--domain', domain.id, '--', shell],
    env: { ...plain.env, ELECTRON_RUN_AS_NODE: '1' },
    iconPath: new vscode.ThemeIcon('lock'),
  };
}

/** Opens one terminal per domain and makes the focused domain terminal's domain the active one. */
export class DomainTerminals extends Disposable {
  /** A terminal shown with keepActiveDomain: its coming focus change does not change the active domain. */
  private unfollowed: vscode.Terminal | undefined;
  /** `starter`: what runs in the terminals a launch created (the prompts feature starts the agents). */
  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    private readonly starter: TerminalStarter,
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
    for (const { territory, domain } of this.maps.domains()) {
      const terminal = this.reuseOrCreate(territory, domain, created);
      if (terminal) launched.push(terminal);
    }
    launched[0]?.show();
    this.start(created);
    return launched;
  }

  /**
   * The domain's terminal, shown: an open one is reused, else one is created at the folder root.
   * `keepActiveDomain`: the window's active domain stays as it is (a notification's Launch), where
   * focusing a domain terminal otherwise makes its domain the active one.
   */
  open(
    territory: FolderTerritory,
    domain: Domain,
    options: { keepActiveDomain?: boolean } = {},
  ): vscode.Terminal | undefined {
    if (!requireTrust('open domain terminals')) return undefined;
    const created: CreatedTerminal[] = [];
    const terminal = this.reuseOrCreate(territory, domain, created);
    if (terminal) this.show(terminal, options.keepActiveDomain === true);
    this.start(created);
    return terminal;
  }

  /** The domain's open terminal, if it has one: never creates one. */
  openTerminalOf(domain: Domain): vscode.Terminal | undefined {
    return vscode.window.terminals.find((t) => t.exitStatus === undefined && this.domainOf(t)?.id === domain.id);
  }

  /** Shows and focuses the domain's open terminal, keeping the window's active domain; undefined (nothing created) when it has none. */
  focusOpen(domain: Domain): vscode.Terminal | undefined {
    const terminal = this.openTerminalOf(domain);
    if (terminal) this.show(terminal, true);
    return terminal;
  }

  private show(terminal: vscode.Terminal, keepActiveDomain: boolean): void {
    // The focus change this show makes is not followed (follow() clears the mark on the next change, whichever terminal it names).
    this.unfollowed = keepActiveDomain && vscode.window.activeTerminal !== terminal ? terminal : undefined;
    terminal.show();
  }

  private reuseOrCreate(
    territory: FolderTerritory,
    domain: Domain,
    created: CreatedTerminal[],
  ): vscode.Terminal | undefined {
    const open = this.openTerminalOf(domain);
    if (open) return open;
    const plain: vscode.TerminalOptions = {
      name: domainTerminalName(domain),
      cwd: territory.folder.uri,
      env: { [DOMAIN_ENV]: domain.id, ...AGENT_HOOK_ENV },
      iconPath: new vscode.ThemeIcon('terminal'),
    };
    let options = plain;
    if (readConfig(territory.folder).sandboxTerminals) {
      const sandboxed = sandboxedTerminal(plain, territory.folder.uri.fsPath, domain);
      // A terminal that would run unconfined while the lead asked for the sandbox is not opened: a visible error, not a silent allow.
      if (typeof sandboxed === 'string') {
        void vscode.window.showErrorMessage(
          `${domain.id}'s terminal was not opened: territory.sandboxTerminals is on, but ${sandboxed}.`,
        );
        return undefined;
      }
      options = sandboxed;
    }
    const terminal = vscode.window.createTerminal(options);
    created.push({ territory, domain, terminal });
    return terminal;
  }

  private start(created: readonly CreatedTerminal[]): void {
    if (created.length === 0) return;
    this.starter(created).catch((error: unknown) =>
      vscode.window.showErrorMessage(
        `Could not start the agents: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  private follow(terminal: vscode.Terminal | undefined): void {
    const unfollowed = this.unfollowed;
    this.unfollowed = undefined;
    if (terminal !== undefined && terminal === unfollowed) return;
    // Focus on a non-domain terminal (or none) leaves the last active domain in force.
    const domain = terminal && this.domainOf(terminal);
    if (domain) void this.active.set(domain.id, 'terminal');
  }
}
