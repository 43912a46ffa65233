import * as vscode from 'vscode';
import type { ActiveDomain } from './activeDomain';
import { Disposable } from './lifecycle';
import type { TerritoryMaps } from './maps';

export const SELECT_DOMAIN_COMMAND = 'territory.selectDomain';

/** `$(shield) CORE · T1` for the active domain, `$(shield) Lead` for none; click to switch. */
export class DomainStatusBar extends Disposable {
  readonly item = this.register(vscode.window.createStatusBarItem('territory.activeDomain', vscode.StatusBarAlignment.Left, 100));

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
  ) {
    super();
    this.item.name = 'Territory: Active Domain';
    this.item.command = SELECT_DOMAIN_COMMAND;
    this.register(maps.onDidChange(() => this.update()));
    this.register(active.onDidChange(() => this.update()));
    this.update();
  }

  update(): void {
    const territories = this.maps.all();
    if (!territories.some((t) => t.map !== undefined || t.problem !== undefined)) {
      this.item.hide();
      return;
    }
    const domain = this.active.domain;
    const problems = territories.filter((t) => t.problem !== undefined);
    const label = domain ? `${domain.id} · ${domain.terminal}` : 'Lead';
    this.item.text = `$(shield) ${label}${problems.length > 0 ? ' $(warning)' : ''}`;
    this.item.backgroundColor = problems.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;

    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: [SELECT_DOMAIN_COMMAND] };
    if (domain) {
      tooltip.appendMarkdown(`**${escape(domain.name)}** — domain ${escape(domain.id)}, terminal ${escape(domain.terminal)}\n\n`);
      tooltip.appendMarkdown(`Exclusive paths:\n\n${domain.paths.map((p) => `- \`${p}\``).join('\n')}\n\n`);
      tooltip.appendMarkdown(`Commit prefix${domain.prefixes.length > 1 ? 'es' : ''}: ${domain.prefixes.map((p) => `\`${p}\``).join(', ')}\n\n`);
    } else {
      const unknown = this.active.id ? ` (domain ${escape(this.active.id)} is not in the map)` : '';
      tooltip.appendMarkdown(`**Lead**${unknown} — no active domain: every file is writable.\n\n`);
    }
    for (const territory of problems) {
      tooltip.appendMarkdown(`$(warning) ${escape(territory.folder.name)}: ${escape(territory.problem ?? '')}\n\n`);
    }
    tooltip.appendMarkdown(`[Switch domain…](command:${SELECT_DOMAIN_COMMAND})`);
    this.item.tooltip = tooltip;
    this.item.show();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
