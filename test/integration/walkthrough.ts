// Territory's walkthrough as the workbench page shows it: the offline runner reads the page's DOM
// (RUNNER_REQUEST walkthrough-dom), since no API tells whether VS Code ticked a step.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, RUNNER_REQUEST } from './protocol';
import { waitFor } from './support';

export interface ShownStep {
  readonly id: string;
  readonly checked: boolean;
}

/** The steps of the open walkthrough, each with its checkbox as shown. */
export async function walkthroughSteps(): Promise<ShownStep[]> {
  const file = path.join(os.tmpdir(), `territory-walkthrough-${process.pid}-${Date.now()}.json`);
  console.log(`${RUNNER_REQUEST}walkthrough-dom ${file}`);
  const read = await waitFor(
    'the runner read the walkthrough',
    () => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined),
    30_000,
  );
  rmSync(file, { force: true });
  if (!Array.isArray(read)) throw new Error(`the runner could not read the walkthrough: ${JSON.stringify(read)}`);
  return read as ShownStep[];
}

/** Opens Territory's walkthrough; resolves once the page shows step `stepId` ticked, fails with what it shows after `timeoutMs`. */
export async function waitForWalkthroughTick(stepId: string, timeoutMs = 30_000): Promise<ShownStep[]> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`);
  const id = `${EXTENSION_ID}#gettingStarted#${stepId}`;
  const deadline = Date.now() + timeoutMs;
  let last: ShownStep[] = [];
  while (Date.now() < deadline) {
    last = await walkthroughSteps();
    if (last.find((s) => s.id === id)?.checked === true) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `walkthrough step ${stepId} not ticked after ${timeoutMs} ms; the page shows ${JSON.stringify(last)}`,
  );
}
