import * as path from 'node:path';
import * as vscode from 'vscode';
import { claudeSettingsFile } from '../../core/guard/claudePermissions';
import type { Domain } from '../../core/types';
import {
  checkGuardArmed,
  checkProjectGuardArmed,
  type GuardArmedReport,
  type GuardArmedState,
} from '../../git/guardArmed';
import type { GuardedAgent } from '../../core/guard/agentGuard';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import type { FolderTerritory } from '../model/maps';

/**
 * "Guard armed" per domain: when Launch Domain Terminals starts agents (Claude Code with its
 * settings, or Gemini, Codex or Copilot CLI with the project's hook file), each domain's guard runs
 * on its canary exactly as the agent will run it (git/guardArmed.ts),
 * before the lead leaves the agents to it; the Domains view shows the outcome, and a guard that would
 * fail open is a warning the lead sees, not a silent allow.
 */
export class GuardArmedStates extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly states = new Map<string, GuardArmedState>();

  constructor(private readonly log: Log) {
    super();
  }

  of(territory: FolderTerritory, domainId: string): GuardArmedState | undefined {
    return this.states.get(key(territory, domainId));
  }

  /** Shows each domain's guard as not armed for `reason`, with nothing run: the agent was started without one. */
  unguarded(territory: FolderTerritory, domains: readonly Domain[], reason: string): void {
    for (const domain of domains)
      this.states.set(key(territory, domain.id), {
        checking: false,
        domain: domain.id,
        agent: 'claude',
        armed: false,
        problems: [reason],
        settings: '',
        command: null,
      });
    this.log.warn(`guard NOT armed for ${domains.map((d) => d.id).join(', ')}: ${reason}`);
    this.changed.fire();
  }

  /** Checks each domain's guard in turn; warns once, naming every domain whose guard is not armed. */
  async check(territory: FolderTerritory, domains: readonly Domain[], agent: GuardedAgent = 'claude'): Promise<void> {
    const map = territory.map;
    if (map === undefined) return;
    const root = territory.folder.uri.fsPath;
    for (const domain of domains) this.states.set(key(territory, domain.id), { checking: true });
    this.changed.fire();
    const unarmed: GuardArmedReport[] = [];
    for (const domain of domains) {
      const report =
        agent === 'claude'
          ? await checkGuardArmed(root, map, domain, path.join(root, claudeSettingsFile(domain.id)))
          : await checkProjectGuardArmed(root, map, domain, agent);
      this.states.set(key(territory, domain.id), { checking: false, ...report });
      this.log.info(
        report.armed
          ? `guard armed for ${domain.id} (canary blocked in ${report.canary?.ms ?? 0} ms)`
          : `guard NOT armed for ${domain.id}: ${report.problems.join('; ')}`,
      );
      if (!report.armed) unarmed.push(report);
      this.changed.fire();
    }
    if (unarmed.length > 0) {
      const first = unarmed[0]!;
      void vscode.window.showWarningMessage(
        `The agent guard is NOT armed for ${unarmed.map((r) => r.domain).join(', ')}: ${first.problems[0] ?? 'unknown reason'}${unarmed.length > 1 || first.problems.length > 1 ? ' (more in the Domains view)' : ''}.`,
      );
    }
  }
}

function key(territory: FolderTerritory, domainId: string): string {
  return `${territory.folder.uri.toString()}#${domainId}`;
}
