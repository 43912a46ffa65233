// Entry point of the integration tests inside the VS Code extension host: the workbench
// loads this module (extensionTestsPath) and calls run(). It checks that the extension
// under test activates, then runs the mocha suites of one scenario and rejects when any
// test fails, which makes the extension host exit with code 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { markConsole } from './markConsole';
import { ENV, EXTENSION_ID } from './protocol';

const ACTIVATION_TIMEOUT_MS = 60_000;

export async function run(): Promise<void> {
  const mark = process.env[ENV.mark];
  const unmark = mark ? markConsole(mark) : () => undefined;
  try {
    const scenario = process.env[ENV.scenario];
    if (!scenario) throw new Error(`${ENV.scenario} is not set: the runner must say which scenario's suites to run`);
    const files = suiteFiles(scenario);
    await activateExtension();
    await runMocha(scenario, files);
  } catch (error) {
    // The extension host prints a rejection too, but without the mark the runner filters on.
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    throw error;
  } finally {
    unmark();
  }
}

function suiteFiles(scenario: string): string[] {
  const dir = path.join(__dirname, scenario);
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.test.js'))
        .sort()
    : [];
  if (files.length === 0) throw new Error(`no suites for scenario "${scenario}": nothing matches ${dir}/*.test.js`);
  return files.map((f) => path.join(dir, f));
}

async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    throw new Error(
      `extension ${EXTENSION_ID} is not loaded in the extension host: extensionDevelopmentPath must be the repository root, whose package.json has publisher "territory" and name "territory"`,
    );
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`extension ${EXTENSION_ID} did not finish activating within ${ACTIVATION_TIMEOUT_MS / 1000} s`),
        ),
      ACTIVATION_TIMEOUT_MS,
    );
  });
  // The installed copy must activate through its own activation events, as it does for a user.
  const activated = process.env[ENV.installed] === '1' ? activatedByItself(extension) : extension.activate();
  try {
    await Promise.race([activated, timeout]);
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`extension ${EXTENSION_ID} failed to activate: ${detail}`);
  } finally {
    clearTimeout(timer);
  }
  if (!extension.isActive) throw new Error(`extension ${EXTENSION_ID} is not active after activate()`);
}

async function activatedByItself(extension: vscode.Extension<unknown>): Promise<void> {
  const deadline = Date.now() + ACTIVATION_TIMEOUT_MS;
  while (!extension.isActive && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function runMocha(scenario: string, files: string[]): Promise<void> {
  // Suites use mocha's TDD interface (suite/test/setup/teardown), the VS Code convention.
  const mocha = new Mocha({
    ui: 'tdd',
    timeout: 20_000,
    color: process.env[ENV.color] === '1',
    grep: process.env[ENV.grep] || undefined,
  });
  // The spec reporter captured console.log when mocha was loaded; route it through the
  // current console so the marks apply.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(...args);
  for (const file of files) mocha.addFile(file);
  const { failures, total } = await new Promise<{ failures: number; total: number }>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => resolve({ failures, total: runner.total }));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  if (total === 0)
    throw new Error(`no test of scenario ${scenario} matched (grep: ${process.env[ENV.grep] || 'none'})`);
  if (failures > 0) throw new Error(`${failures} of ${total} test(s) failed in scenario ${scenario}`);
}
