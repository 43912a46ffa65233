// Names shared by the runners (plain Node) and the test index (inside the extension host).
// The extension host inherits the environment of the VS Code server (offline runner) or
// receives `extensionTestsEnv` (@vscode/test-electron), so the choice of suites travels
// as environment variables. This file must not import 'vscode': the runners load it too.

import { TEST_HANDLE_ENV } from '../../src/testHandle';

export const ENV = {
  /** Scenario whose suites run: out/test/integration/<scenario>/*.test.js. Required. */
  scenario: 'TERRITORY_TEST_SCENARIO',
  /** Absolute path of the fixture workspace the scenario opened. */
  workspace: 'TERRITORY_TEST_WORKSPACE',
  /** Optional mocha grep pattern (runner flag --grep). */
  grep: 'TERRITORY_TEST_GREP',
  /** "1" when the runner's stdout is a terminal, to keep mocha's colours. */
  color: 'TERRITORY_TEST_COLOR',
  /** When set, the index prefixes everything the extension host prints with this mark. */
  mark: 'TERRITORY_TEST_MARK',
  /** "1" when Territory runs from its installed .vsix: the index waits for it to activate by itself. */
  installed: 'TERRITORY_TEST_INSTALLED',
  /** "1": Territory's exports carry the live objects (`testing`) for the suites. */
  handle: TEST_HANDLE_ENV,
} as const;

/** Identifier of the extension under test (publisher.name in package.json). */
export const EXTENSION_ID = 'territory.territory';

/**
 * The mark the offline runner asks for (test-electron needs none: the extension host's
 * output reaches its stdout directly). The workbench hands its own log and the extension
 * host's console to the same codeAutomationLog callback, with nothing else to tell them apart.
 */
export const EXTHOST_MARK = '\u200b[exthost] ';

/**
 * A line the extension host prints to ask the offline runner for what only the workbench page can
 * do (clicking VS Code's own UI): `${RUNNER_REQUEST}grant-trust` clicks "Trust" in the open Workspace
 * Trust editor. The runner answers nothing; the test waits for the effect.
 */
export const RUNNER_REQUEST = '[territory-runner-request] ';
