import * as vscode from 'vscode';
import { attributeSubject } from '../../core/commits/attribution';
import { planDomainCommit, withDomainPrefix } from '../../core/commits/changes';
import type { Domain } from '../../core/types';
import { commitPaths } from '../../git/commit';
import { describeOperation, readRepoState } from '../../git/repoState';
import { readStatus } from '../../git/status';
import type { ActiveDomain } from '../model/activeDomain';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import type { CommitsUi } from './ui';
import { CommandId } from '../base/commandIds';
import { count } from '../../core/plural';

/** What `territory.commitDomainChanges` may be given (tests; other extensions). */
export interface CommitDomainArgs {
  /** The message as typed (the prefix is added); skips the input box. */
  readonly message?: string;
  /** Commit as this domain instead of the active one. */
  readonly domain?: string;
}

export type CommitDomainOutcome =
  | {
      readonly ok: true;
      readonly hash: string;
      readonly shortHash: string;
      readonly subject: string;
      readonly files: readonly string[];
    }
  | { readonly ok: false; readonly reason: string; readonly cancelled?: boolean };

function domainTarget(maps: TerritoryMaps, id: string): { territory: FolderTerritory; domain: Domain } | undefined {
  return maps.domains().find((d) => d.domain.id === id);
}

/**
 * Commits exactly the domain's uncommitted files (`git commit --only`), with its prefix: other
 * domains' staged and unstaged changes stay exactly as they were. Refuses, with the reason, when
 * there is nothing of the domain to commit or a merge/rebase holds the index.
 */
export async function commitDomainChanges(
  maps: TerritoryMaps,
  active: ActiveDomain,
  ui: CommitsUi,
  args: CommitDomainArgs = {},
): Promise<CommitDomainOutcome> {
  const refuse = async (reason: string, ...actions: string[]): Promise<CommitDomainOutcome> => {
    const action = await ui.warn(`Commit Domain Changes: ${reason}`, ...actions);
    if (action === 'Select Domain') await vscode.commands.executeCommand(CommandId.selectDomain);
    return { ok: false, reason };
  };
  const id = args.domain?.toUpperCase() ?? active.id;
  if (id === undefined) return refuse('no active domain. Select the domain whose changes to commit.', 'Select Domain');
  const target = domainTarget(maps, id);
  if (!target || !target.territory.map || !target.territory.resolver) return refuse(`the map has no domain ${id}.`);
  const { territory, domain } = target;
  const map = target.territory.map;
  const resolver = target.territory.resolver;
  const folder = territory.folder.uri.fsPath;

  const repo = await readRepoState(folder);
  if (!repo.ok) return refuse(`${repo.reason}.`);
  if (repo.state.operation)
    return refuse(`cannot commit ${domain.id}'s changes now: ${describeOperation(repo.state.operation)}.`);
  const status = await readStatus(folder);
  if (!status.ok) return refuse(`${status.reason}.`);
  const plan = planDomainCommit(domain, status.entries, resolver);
  if (plan.paths.length === 0) {
    const others = [...plan.others].map(([owner, n]) => `${n} of ${owner}`).join(', ');
    return refuse(
      `nothing of ${domain.id} to commit: no changed file in its territory${others ? ` (changed files: ${others}, left alone)` : ''}.`,
    );
  }
  if (plan.conflicted.length > 0)
    return refuse(`${domain.id} has unresolved conflicts in ${plan.conflicted.join(', ')}: resolve them first.`);

  let typed = args.message;
  if (typed === undefined) {
    const listed =
      plan.paths.slice(0, 5).join(', ') + (plan.paths.length > 5 ? `, … (${plan.paths.length} in all)` : '');
    typed = await ui.inputBox({
      title: `Commit ${count(plan.paths.length, 'file')} of ${domain.id}`,
      prompt: `${listed}. The prefix "${domain.prefixes[0]}" is added; changes of other domains are left as they are.`,
      placeHolder: `${domain.prefixes.join(' or ')} …`,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Type a commit message' : undefined),
    });
    if (typed === undefined) return { ok: false, reason: 'cancelled', cancelled: true };
  }
  if (typed.trim() === '') return refuse('the commit message is empty.');
  const message = withDomainPrefix(domain, map.domains, typed);
  const subject = message.split('\n')[0];
  if (attributeSubject(subject, map.domains).domain?.id !== domain.id) {
    return refuse(`"${subject}" would be attributed to another domain: check the prefixes in the map.`);
  }

  // Paths are folder-relative; git wants them relative to the top of the work tree.
  const top = (p: string) => repo.state.prefix + p;
  const result = await commitPaths(repo.state.top, {
    paths: plan.paths.map(top),
    untracked: plan.untracked.map(top),
    message,
  });
  if (!result.ok) {
    await ui.error(`Commit Domain Changes failed: ${result.reason}`);
    return { ok: false, reason: result.reason };
  }
  const allowed = new Set(plan.paths.map(top));
  const foreign = result.files.filter((f) => !allowed.has(f));
  if (foreign.length > 0) {
    // Only a hook can add files to the commit: say so loudly, and leave the decision to the user.
    await ui.error(
      `Commit ${result.shortHash} contains files outside ${domain.id}: ${foreign.join(', ')} (added by a commit hook?). Check it before pushing.`,
    );
  } else {
    void ui.info(
      `Committed ${result.shortHash} "${subject}" — ${count(result.files.length, 'file')} of ${domain.id}. Other domains' changes were left as they were.`,
    );
  }
  return { ok: true, hash: result.hash, shortHash: result.shortHash, subject, files: result.files };
}
