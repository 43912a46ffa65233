// What the extension host asks the runner for (RUNNER_REQUEST lines): actions only the workbench
// page can take, such as VS Code's own "Trust" button, which no extension API can press.
import { renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Page } from 'playwright-core';
import { RUNNER_REQUEST } from '../integration/protocol';

/** Handles the request in a log line, if it holds one; true when it did. Failures are printed, the test sees the missing effect. */
export function handleRunnerRequest(page: Page, args: unknown[]): boolean {
  const text = format(...args);
  const at = text.indexOf(RUNNER_REQUEST);
  if (at === -1) return false;
  const request = text.slice(at + RUNNER_REQUEST.length).trim();
  // Requests with an argument: `board-dom FILE` and `screenshot FILE` (the runner answers in FILE).
  const [verb, ...rest] = request.split(' ');
  const argument = rest.join(' ');
  if (verb !== undefined && WITH_FILE[verb] && path.isAbsolute(argument)) {
    WITH_FILE[verb](page, argument).catch((error: unknown) =>
      console.log(`  runner: request "${verb}" failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return true;
  }
  const action = ACTIONS[request];
  if (!action) {
    console.log(`  runner: unknown request "${request}"`);
    return true;
  }
  action(page).catch((error: unknown) =>
    console.log(`  runner: request "${request}" failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  return true;
}

const ACTIONS: Record<string, (page: Page) => Promise<void>> = {
  /** The test opened the Workspace Trust editor (workbench.trust.manage): press its Trust button. */
  'grant-trust': async (page) => {
    const button = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust( Folder)?$/ }).first();
    await button.click({ timeout: 15_000 });
  },
};

const WITH_FILE: Record<string, (page: Page, file: string) => Promise<void>> = {
  /** The Session Board's lanes as the browser shows them (the webview's own frame, read by the DOM), written to FILE as JSON. */
  'board-dom': async (page, file) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      for (const frame of page.frames()) {
        const lanes = await frame
          // A string, evaluated in the page: the runner is compiled without the DOM's types.
          .evaluate(
            `(() => {
            const board = document.getElementById('territory-board');
            if (!board) return undefined;
            // Also what the eye gets: where each lane is in the webview's viewport, and its state's colours as drawn.
            const colour = (node, property) => (node ? getComputedStyle(node)[property] : '');
            return [...board.querySelectorAll('section.lane')].map((s) => ({
              id: s.getAttribute('data-domain'),
              state: s.getAttribute('data-state'),
              text: s.textContent || '',
              buttons: s.querySelectorAll('button').length,
              top: s.getBoundingClientRect().top,
              bottom: s.getBoundingClientRect().bottom,
              viewportHeight: window.innerHeight,
              stateColor: colour(s.querySelector('.state .icon'), 'color'),
              borderColor: colour(s, 'borderLeftColor'),
              background: colour(s, 'backgroundColor'),
              pageBackground: colour(document.body, 'backgroundColor'),
              foreground: colour(s.querySelector('.state'), 'color'),
            }));
          })()`,
          )
          .catch(() => undefined);
        if (Array.isArray(lanes) && lanes.length > 0) {
          writeAnswer(file, lanes);
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    writeAnswer(file, { error: 'no Session Board frame found' });
  },
  /** The open walkthrough's steps as the page shows them (VS Code's own DOM: a checkbox per step), written to FILE as JSON. */
  'walkthrough-dom': async (page, file) => {
    const steps = await page
      .evaluate(
        `[...document.querySelectorAll('[data-done-step-id]')].map((e) => ({ id: e.getAttribute('data-done-step-id'), checked: e.getAttribute('aria-checked') === 'true' }))`,
      )
      .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
    writeAnswer(file, steps);
  },
  screenshot: async (page, file) => {
    await page.screenshot({ path: file });
    writeFileSync(`${file}.done`, '');
  },
};

/**
 * Writes an answer whole or not at all: the host polls for FILE to exist, so a plain write could be
 * read half-written (CI saw "Unexpected end of JSON input"); a rename within one folder is atomic.
 */
function writeAnswer(file: string, value: unknown): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(value));
  renameSync(partial, file);
}
