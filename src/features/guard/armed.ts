import * as path from 'node:path';
import * as vscode from 'vscode';
import { claudeSettingsFile } from '../../core/guard/claudePermissions';
import type { Domain } from '../../core/types';
import {
  checkGuardArmed,
  checkProjectGuardArmed,
  readCodexTrust,
  type GuardArmedReport,
  type GuardArmedState,
} from '../../git/guardArmed';
import { CODEX_HOOKS_FILE } from '../../core/guard/codexHook';
import type { CodexHookSeen } from '../../core/guard/codexTrust';
import { count } from '../../core/plural';
import { trustCodexHooks } from '../../git/codexHooks';
import { findProgram } from '../../git/program';
import type { UiSeam, WarnUi } from '../base/uiSeam';
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

  constructor(
    private readonly log: Log,
    /** Its warnings; tests answer them through `api.ui.guardArmed`. */
    private readonly ui: UiSeam<GuardArmedUi>,
  ) {
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

  /**
   * Checks each domain's guard in turn; warns once, naming every domain whose guard is not armed.
   * For Codex CLI, `program` is the codex the agents start: Codex itself is asked whether it runs
   * Territory's hooks, and when only its trust is missing, the warning offers to record it.
   */
  async check(
    territory: FolderTerritory,
    domains: readonly Domain[],
    agent: GuardedAgent = 'claude',
    program?: string,
  ): Promise<void> {
    const map = territory.map;
    if (map === undefined) return;
    const root = territory.folder.uri.fsPath;
    for (const domain of domains) this.states.set(key(territory, domain.id), { checking: true });
    this.changed.fire();
    const codex = agent === 'codex' ? codexProgram(program, root) : undefined;
    const trust = agent === 'codex' ? await readCodexTrust(codex, root, map) : undefined;
    const unarmed: GuardArmedReport[] = [];
    for (const domain of domains) {
      const report =
        agent === 'claude'
          ? await checkGuardArmed(root, map, domain, path.join(root, claudeSettingsFile(domain.id)))
          : await checkProjectGuardArmed(root, map, domain, agent, trust);
      this.states.set(key(territory, domain.id), { checking: false, ...report });
      this.log.info(
        report.armed
          ? `guard armed for ${domain.id} (canary blocked in ${report.canary?.ms ?? 0} ms)`
          : `guard NOT armed for ${domain.id}: ${report.problems.join('; ')}`,
      );
      if (!report.armed) unarmed.push(report);
      this.changed.fire();
    }
    if (unarmed.length === 0) return;
    const ids = unarmed.map((r) => r.domain).join(', ');
    // Only Codex's trust missing: the one fix is a click away.
    if (
      codex !== undefined &&
      trust !== undefined &&
      trust.untrusted.length > 0 &&
      unarmed.every((r) => r.problems.length === 1 && r.problems[0] === trust.problem)
    ) {
      await this.offerCodexTrust(territory, domains, codex, trust.untrusted, ids);
      return;
    }
    const first = unarmed[0]!;
    void this.ui.current.warn(
      `The agent guard is NOT armed for ${ids}: ${first.problems[0] ?? 'unknown reason'}${unarmed.length > 1 || first.problems.length > 1 ? ' (more in the Domains view)' : ''}.`,
    );
  }

  private async offerCodexTrust(
    territory: FolderTerritory,
    domains: readonly Domain[],
    codex: string,
    hooks: readonly CodexHookSeen[],
    ids: string,
  ): Promise<void> {
    const answer = await this.ui.current.warn(
      `Codex CLI skips Territory's guard in ${territory.folder.name} until it is trusted: the agents of ${ids} could edit any file. Trust Territory's ${count(hooks.length, 'hook')} in Codex (exactly the text Territory wrote in ${CODEX_HOOKS_FILE})?`,
      TRUST_IN_CODEX,
    );
    if (answer !== TRUST_IN_CODEX) return;
    const trusted = await trustCodexHooks(codex, territory.folder.uri.fsPath, hooks);
    if (!trusted.ok) {
      void this.ui.current.warn(`Codex CLI did not record the trust: ${trusted.reason}`);
      return;
    }
    this.log.info(`${territory.folder.name}: Codex CLI trusts Territory's ${count(hooks.length, 'hook')}`);
    await this.check(territory, domains, 'codex', codex);
  }
}

export const TRUST_IN_CODEX = 'Trust in Codex';

/** The warnings of the guard check (tests answer them through `api.ui.guardArmed`). */
export type GuardArmedUi = WarnUi;

/** The codex the agents start: the setting's program as an absolute path, else found on PATH outside the folder. */
function codexProgram(program: string | undefined, root: string): string | undefined {
  if (program !== undefined && path.isAbsolute(program)) return program;
  return findProgram(program ?? 'codex', root);
}

function key(territory: FolderTerritory, domainId: string): string {
  return `${territory.folder.uri.toString()}#${domainId}`;
}
