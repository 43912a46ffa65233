// What the extension host asks the runner for (RUNNER_REQUEST lines): actions only the workbench
// page can take, such as VS Code's own "Trust" button, which no extension API can press.
import { format } from 'node:util';
import type { Page } from 'playwright-core';
import { RUNNER_REQUEST } from '../integration/protocol';

/** Handles the request in a log line, if it holds one; true when it did. Failures are printed, the test sees the missing effect. */
export function handleRunnerRequest(page: Page, args: unknown[]): boolean {
  const text = format(...args);
  const at = text.indexOf(RUNNER_REQUEST);
  if (at === -1) return false;
  const request = text.slice(at + RUNNER_REQUEST.length).trim();
  const action = ACTIONS[request];
  if (!action) {
    console.log(`  runner: unknown request "${request}"`);
    return true;
  }
  action(page).catch((error: unknown) => console.log(`  runner: request "${request}" failed: ${error instanceof Error ? error.message : String(error)}`));
  return true;
}

const ACTIONS: Record<string, (page: Page) => Promise<void>> = {
  /** The test opened the Workspace Trust editor (workbench.trust.manage): press its Trust button. */
  'grant-trust': async (page) => {
    const button = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust( Folder)?$/ }).first();
    await button.click({ timeout: 15_000 });
  },
};
