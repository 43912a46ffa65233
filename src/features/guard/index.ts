import { isRestrictedMode } from '../../git/door';
import type { ActiveDomain } from '../model/activeDomain';
import type { DomainsNode } from '../model/domainsView';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { BlockedAttempts } from './blocked';
import { installGitHooks, registerGuardCommands, uninstallGitHooks, type HooksOutcome } from './commands';
import { GitHooksNode } from './node';
import { GuardService } from './service';
import { feature, type Feature } from '../base/lifecycle';

/** Everything of the guard that the Domains view and the tests use. */
export interface Guard {
  readonly service: GuardService;
  /** The agent guard's blocked edits (Domains view, notifications). */
  readonly blocked: BlockedAttempts;
  /** The Domains view's "Git hooks" line of a folder, once its state is known. */
  hooksNode(territory: FolderTerritory): DomainsNode | undefined;
  installHooks(arg?: unknown): Promise<HooksOutcome>;
  uninstallHooks(arg?: unknown): Promise<HooksOutcome>;
}

/** Git hooks, the exports (CODEOWNERS, commitlint, Claude Code permissions) and the CI workflow. */
export function registerGuard(maps: TerritoryMaps, active: ActiveDomain, log: Log): Feature<Guard> {
  const service = new GuardService(maps, log);
  const blocked = new BlockedAttempts(maps, log);
  const guard: Guard = {
    service,
    blocked,
    hooksNode: (territory) => {
      // Only folders with a map in a git repository have hooks to speak of.
      const hooks = territory.map ? service.hooksOf(territory.folder) : undefined;
      return hooks?.ok || (hooks && isRestrictedMode(hooks)) ? new GitHooksNode(territory.folder, hooks) : undefined;
    },
    installHooks: (arg) => installGitHooks(maps, service, log, arg),
    uninstallHooks: (arg) => uninstallGitHooks(maps, service, log, arg),
  };
  return feature(guard, [service, blocked, ...registerGuardCommands(maps, active, service, log)]);
}
