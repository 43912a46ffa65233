import * as vscode from 'vscode';
import type { TestRun } from '../../core/commits/report';
import { readRepoState } from '../../git/repoState';
import { readTestRun, writeTestRun } from '../../git/testRun';
import { readConfig } from '../base/config';
import { requireTrust } from '../base/trust';
import type { Log } from '../base/log';
import type { CommitsUi } from './ui';
import { settingId } from '../base/ids';

/**
 * Runs the full test suite through the VS Code task named by `territory.testTask`, and remembers
 * the outcome in the repository's git directory, where the TEST domain's report (extension or
 * CLI) finds it.
 */
export class TestTaskRunner {
  private readonly runs = new Map<string, TestRun>();

  constructor(
    private readonly ui: () => CommitsUi,
    private readonly log: Log,
  ) {}

  /** The last recorded run for the folder: this session's, else the one in the git directory. */
  async lastRun(folder: vscode.WorkspaceFolder): Promise<TestRun | undefined> {
    const known = this.runs.get(folder.uri.toString());
    if (known) return known;
    const repo = await readRepoState(folder.uri.fsPath);
    return repo.ok ? readTestRun(repo.state) : undefined;
  }

  /** Finds the configured task among the tasks VS Code knows (`name` or `source: name`). */
  async findTask(
    folder: vscode.WorkspaceFolder,
    name: string,
  ): Promise<{ task: vscode.Task | undefined; available: string[] }> {
    const tasks = await vscode.tasks.fetchTasks();
    const label = (t: vscode.Task) => `${t.source}: ${t.name}`;
    const inFolder = (t: vscode.Task) =>
      typeof t.scope === 'object' && 'uri' in t.scope && t.scope.uri.toString() === folder.uri.toString();
    const matches = tasks.filter((t) => t.name === name || label(t) === name);
    return {
      task: matches.find(inFolder) ?? matches[0],
      available: [...new Set(tasks.map((t) => (t.source === 'Workspace' ? t.name : label(t))))],
    };
  }

  /** Runs the task and waits for it to end; undefined when there is none to run (the user was told why). */
  async run(folder: vscode.WorkspaceFolder): Promise<TestRun | undefined> {
    if (!requireTrust('run the test task')) return undefined;
    const name = readConfig(folder).testTask;
    if (name === '') {
      const choice = await this.ui().warn(
        'No test task configured: set territory.testTask to the name of a VS Code task that runs the full test suite.',
        'Open Settings',
      );
      if (choice === 'Open Settings')
        await vscode.commands.executeCommand('workbench.action.openSettings', settingId('testTask'));
      return undefined;
    }
    const { task, available } = await this.findTask(folder, name);
    if (!task) {
      const known =
        available.length > 0
          ? ` Known tasks: ${available.slice(0, 12).join(', ')}${available.length > 12 ? ', …' : ''}.`
          : ' No task is defined.';
      await this.ui().error(`The test task "${name}" (territory.testTask) does not exist.${known}`);
      return undefined;
    }
    const startedAt = new Date().toISOString();
    // The commit tested: Finish Session and `territory finish` trust a passing run at their head only.
    const before = await readRepoState(folder.uri.fsPath);
    const head = before.ok && before.state.head.kind !== 'unborn' ? before.state.head.hash : undefined;
    this.log.info(`running test task "${name}"`);
    // Listen before starting: a quick task may end before executeTask's promise settles.
    let execution: vscode.TaskExecution | undefined;
    const ours = (e: { execution: vscode.TaskExecution }) =>
      e.execution === execution || (e.execution.task.name === task.name && e.execution.task.source === task.source);
    const listeners: vscode.Disposable[] = [];
    const ended = new Promise<number | undefined>((resolve) => {
      const finish = (code: number | undefined) => {
        listeners.forEach((l) => l.dispose());
        resolve(code);
      };
      listeners.push(
        vscode.tasks.onDidEndTaskProcess((e) => {
          if (ours(e)) finish(e.exitCode);
        }),
        // Tasks without a process (custom executions) only end.
        vscode.tasks.onDidEndTask((e) => {
          if (ours(e)) setTimeout(() => finish(undefined), 200);
        }),
      );
    });
    try {
      execution = await vscode.tasks.executeTask(task);
    } catch (error) {
      listeners.forEach((l) => l.dispose());
      await this.ui().error(
        `Cannot run the test task "${name}": ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
    const exitCode = await ended;
    const run: TestRun = {
      task: name,
      exitCode,
      startedAt,
      endedAt: new Date().toISOString(),
      ...(head !== undefined ? { head } : {}),
    };
    this.runs.set(folder.uri.toString(), run);
    const repo = await readRepoState(folder.uri.fsPath);
    // Sealed with the user's key (src/core/testRunSeal.ts): `territory finish` trusts no other record.
    if (repo.ok)
      await writeTestRun(repo.state, run).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.log.warn(`cannot record the test run: ${reason}`);
        void this.ui().warn(
          `The test run was not recorded, so \`territory finish\` will say the tests were not run: ${reason}`,
        );
      });
    this.log.info(`test task "${name}" ended with exit code ${exitCode ?? 'unknown'}`);
    if (exitCode === 0) void this.ui().info(`Test suite passed (task "${name}").`);
    else
      void this.ui().error(
        `Test suite ${exitCode === undefined ? 'ended without an exit code' : `failed with exit code ${exitCode}`} (task "${name}").`,
      );
    return run;
  }
}
