// Plan Session's last question: the session branch (rule 4), with the offer to create it from the
// base branch and check it out. Every git call goes through src/git; names are checked by git.
import * as vscode from 'vscode';
import { suggestBranchName } from '../../core/sessionBranch';
import { mayStartProcesses } from '../../git/door';
import { currentBranch } from '../../git/guard';
import { detectBaseBranch } from '../../git/range';
import { branchExists, branchNameProblem, createAndSwitch, switchTo } from '../../git/sessionBranch';
import { readConfig } from '../base/config';
import type { FolderTerritory } from '../model/maps';

/**
 * Asks for the branch; undefined when the lead pressed Esc (the plan keeps its branch), '' when the
 * field was emptied (no session branch). Offers, in a modal, to create or check out the branch.
 */
export async function askSessionBranch(
  territory: FolderTerritory,
  goal: string,
  current: string | undefined,
): Promise<string | undefined> {
  const root = territory.folder.uri.fsPath;
  const git = mayStartProcesses();
  const typed = await vscode.window.showInputBox({
    title: 'Territory: Plan Session — session branch',
    value: current ?? suggestBranchName(goal, territory.map?.branch),
    prompt: 'The branch every terminal pushes to (rule 4). Empty for none; Esc keeps the current one',
    validateInput: async (value) => (value.trim() === '' || !git ? undefined : branchNameProblem(root, value.trim())),
  });
  if (typed === undefined) return undefined;
  const branch = typed.trim();
  if (branch === '' || !git) return branch;
  const checkedOut = await currentBranch(root);
  if (checkedOut === branch) return branch;
  if (await branchExists(root, branch)) {
    const answer = await vscode.window.showInformationMessage(
      `Check out the session branch ${branch}?`,
      {
        modal: true,
        detail: `${checkedOut ? `${checkedOut} is checked out now.` : 'HEAD is detached.'} Uncommitted changes come along; git refuses if they would be lost.`,
      },
      'Check Out',
    );
    if (answer === 'Check Out') await report(await switchTo(root, branch));
    return branch;
  }
  const base = await detectBaseBranch(root, readConfig(territory.folder).baseBranch);
  const start = base.ref ?? 'HEAD';
  const answer = await vscode.window.showInformationMessage(
    `Create the session branch ${branch} from ${start} and check it out?`,
    {
      modal: true,
      detail: 'Every domain terminal then works and pushes on it; the pre-push hook refuses them any other branch.',
    },
    'Create and Check Out',
  );
  if (answer === 'Create and Check Out') await report(await createAndSwitch(root, branch, start));
  return branch;
}

async function report(problem: string | undefined): Promise<void> {
  if (problem !== undefined) await vscode.window.showErrorMessage(problem);
}
