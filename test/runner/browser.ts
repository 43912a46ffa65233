// Headless Chromium (Debian's, driven by playwright-core) showing the workbench of the
// VS Code server: the offline test runner reads the smoke-test driver's callbacks from
// it, the demo takes screenshots with it. DESIGN.md §6 lists the flags.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { installExitHandlers } from './server';

// Root has no sandbox here; the rest keeps Chromium from reaching for the network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Size of the page, and so of screenshots. */
export const VIEWPORT = { width: 1440, height: 900 };

export function chromiumPath(): string {
  const executable = process.env.TERRITORY_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executable)) {
    throw new Error(
      `no Chromium at ${executable}: run \`bash scripts/install-vscode-server.sh\` (installs Debian's chromium) or set TERRITORY_CHROMIUM`,
    );
  }
  return executable;
}

export async function launchChromium(): Promise<Browser> {
  installExitHandlers();
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    // Our handlers (installExitHandlers) own the signals; playwright still kills the
    // browser from its 'exit' handler.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

export async function openPage(browser: Browser): Promise<Page> {
  // The clipboard as a user's browser grants it to VS Code: tests check what a command leaves there.
  const context = await browser.newContext({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
  return context.newPage();
}

/** A log file of the workbench, as codeAutomationExit hands them over. */
export interface WorkbenchLog {
  relativePath: string;
  contents: string;
}

export interface AutomationHooks {
  /** Every workbench log entry, the extension host's console included: level and arguments. */
  onLog(level: string, args: unknown[]): void;
  /** The extension host running the tests exited: its exit code and the workbench logs. */
  onExit(code: number, logs: WorkbenchLog[]): void;
}

/**
 * Installs the callbacks the workbench calls when started with --enable-smoke-test-driver.
 * Must be called before the page navigates to the workbench.
 */
export async function exposeAutomation(page: Page, hooks: AutomationHooks): Promise<void> {
  await page.exposeFunction('codeAutomationLog', (level: unknown, args: unknown) =>
    hooks.onLog(String(level), Array.isArray(args) ? args : [args]),
  );
  await page.exposeFunction('codeAutomationExit', (code: unknown, logs: unknown) =>
    hooks.onExit(typeof code === 'number' ? code : Number(code), Array.isArray(logs) ? (logs as WorkbenchLog[]) : []),
  );
}

/** Resolves once the workbench has laid out its parts (the status bar is the last to come). */
export async function waitForWorkbench(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.statusbar', { state: 'visible', timeout: timeoutMs });
}
