import * as vscode from 'vscode';
import type { ActiveDomain } from './activeDomain';
import { readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { TerritoryMaps } from './maps';
import type { SessionReadonly } from '../offLimits/readonlyEditors';
import type { WorkingTreeChanges } from '../offLimits/workingTree';
import { CommandId } from '../base/commandIds';
import { count } from '../../core/plural';
import { UiId } from '../base/ids';

const MAX_LISTED = 8;

/** A count of open blocking handoffs addressed to a domain (wired by the handoffs feature). */
export type BlockingCount = (domainId: string) => number;

/** What the status bar shows from other features: open blocking handoffs, a lasting problem; `changed` says when to read them again. */
export interface StatusBarSources {
  readonly blocking: BlockingCount;
  /** A lasting problem of another feature (a failed settings write) shown as a warning until it clears. */
  readonly warning: () => string | undefined;
  /** Mission control's line per domain agent (working, waiting for input, blocked …). */
  readonly agents: () => string[];
  readonly changed: readonly vscode.Event<unknown>[];
}

/**
 * `$(shield) CORE · T1` for the active domain, `$(shield) Lead` for none; click to switch. Warning
 * colour when the map is broken, when the working tree holds uncommitted changes outside the
 * active domain, or when blocking handoffs wait for it.
 */
export class DomainStatusBar extends Disposable {
  readonly item = this.register(
    vscode.window.createStatusBarItem(UiId.activeDomainItem, vscode.StatusBarAlignment.Left, 100),
  );
  private readonly blocking: BlockingCount;
  private readonly warning: () => string | undefined;
  private readonly agents: () => string[];

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    private readonly changes: WorkingTreeChanges,
    private readonly readonly: SessionReadonly,
    sources: StatusBarSources,
  ) {
    super();
    this.blocking = sources.blocking;
    this.warning = sources.warning;
    this.agents = sources.agents;
    this.item.name = 'Territory: Active Domain';
    this.item.command = CommandId.selectDomain;
    for (const event of [
      maps.onDidChange,
      active.onDidChange,
      changes.onDidChange,
      readonly.onDidChangeOverrides,
      ...sources.changed,
    ]) {
      this.register(event(() => this.update()));
    }
    this.update();
  }

  update(): void {
    const territories = this.maps.all();
    // Shown where there is a map, a map file that does not read, or a territory.mapFile setting that
    // finds none; a window with nothing of Territory's shows nothing.
    if (
      !territories.some(
        (t) =>
          t.map !== undefined ||
          t.source !== undefined ||
          (t.problem !== undefined && readConfig(t.folder).mapFile !== ''),
      )
    ) {
      this.item.hide();
      return;
    }
    const domain = this.active.domain;
    const problems = territories.filter((t) => t.problem !== undefined);
    const outside = this.changes.outsideActive();
    const outsideCount = [...outside.values()].reduce((n, e) => n + e.length, 0);
    const blocking = domain ? this.blocking(domain.id) : 0;
    const warn = problems.length > 0 || outsideCount > 0 || blocking > 0 || this.warning() !== undefined;
    const label = domain ? `${domain.id} · ${domain.terminal}` : 'Lead';
    this.item.text = `$(shield) ${label}${this.active.pinned ? ' $(pinned)' : ''}${warn ? ' $(warning)' : ''}`;
    this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = this.tooltip(outside, outsideCount, blocking);
    this.item.show();
  }

  private tooltip(
    outside: Map<string, { path: string }[]>,
    outsideCount: number,
    blocking: number,
  ): vscode.MarkdownString {
    const domain = this.active.domain;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = {
      enabledCommands: [CommandId.selectDomain, CommandId.revokeEditAnyway, CommandId.unpinDomain, CommandId.pinDomain],
    };
    if (domain) {
      md.appendMarkdown(
        `**${escape(domain.name)}** — domain ${escape(domain.id)}, terminal ${escape(domain.terminal)}${this.active.pinned ? ' (pinned)' : ''}\n\n`,
      );
      md.appendMarkdown(`Exclusive paths:\n\n${domain.paths.map((p) => `- \`${p}\``).join('\n')}\n\n`);
      md.appendMarkdown(
        `Commit prefix${domain.prefixes.length > 1 ? 'es' : ''}: ${domain.prefixes.map((p) => `\`${p}\``).join(', ')}\n\n`,
      );
    } else {
      const unknown = this.active.id ? ` (domain ${escape(this.active.id)} is not in the map)` : '';
      md.appendMarkdown(`**Lead**${unknown} — no active domain: every file is writable.\n\n`);
    }
    if (outsideCount > 0 && domain) {
      md.appendMarkdown(
        `$(warning) ${count(outsideCount, 'uncommitted change')} outside ${escape(domain.id)} — check before editing:\n\n`,
      );
      for (const [owner, entries] of outside) {
        const listed = entries
          .slice(0, MAX_LISTED)
          .map((e) => `\`${e.path}\``)
          .join(', ');
        md.appendMarkdown(
          `- ${escape(owner)}: ${listed}${entries.length > MAX_LISTED ? ` … (+${entries.length - MAX_LISTED})` : ''}\n`,
        );
      }
      md.appendMarkdown('\n');
    }
    if (blocking > 0)
      md.appendMarkdown(
        `$(warning) ${count(blocking, 'open blocking handoff request')} for ${escape(domain?.id ?? '')}\n\n`,
      );
    const overrides = this.readonly.overridden();
    if (overrides.length > 0) {
      md.appendMarkdown(
        `Edit Anyway in force for: ${overrides.map((u) => `\`${vscode.workspace.asRelativePath(u)}\``).join(', ')} — [revoke](command:${CommandId.revokeEditAnyway})\n\n`,
      );
    }
    const warning = this.warning();
    if (warning) md.appendMarkdown(`$(warning) ${escape(warning)}\n\n`);
    for (const territory of this.maps.all().filter((t) => t.problem !== undefined)) {
      md.appendMarkdown(`$(warning) ${escape(territory.folder.name)}: ${escape(territory.problem ?? '')}\n\n`);
    }
    const agents = this.agents();
    if (agents.length > 0) md.appendMarkdown(`Agents:\n\n${agents.map((a) => `- ${escape(a)}`).join('\n')}\n\n`);
    md.appendMarkdown(`[Switch domain…](command:${CommandId.selectDomain})`);
    md.appendMarkdown(
      this.active.pinned ? ` · [Unpin](command:${CommandId.unpinDomain})` : ` · [Pin](command:${CommandId.pinDomain})`,
    );
    return md;
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
