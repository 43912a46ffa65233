// Runs the same integration scenarios in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (it cannot on the offline build machines:
// use offline.ts there). Same scenarios, same index, same environment variables.
//
//   node out/test/runner/electron.js [--scenario NAME[,NAME]]... [--grep TEXT] [--vscode-version VERSION]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { ENV } from '../integration/protocol';
import {
  checkExtension,
  checkSuites,
  repoRoot,
  selectScenarios,
  TEST_TERMINAL_SETTINGS,
  testsIndex,
  WORKSPACE_FOLDER,
} from './scenarios';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      grep: { type: 'string' },
      'vscode-version': { type: 'string' },
    },
  });
  const root = repoRoot();
  const scenarios = selectScenarios(values.scenario ?? []);
  checkExtension(root);
  for (const scenario of scenarios) checkSuites(root, scenario);

  const failed: string[] = [];
  for (const scenario of scenarios) {
    console.log(`\n▶ scenario ${scenario.name}: ${scenario.description}`);
    const tempDir = mkdtempSync(path.join(os.tmpdir(), `territory-electron-${scenario.name}-`));
    const workspace = path.join(tempDir, WORKSPACE_FOLDER);
    await scenario.createWorkspace(workspace);
    const userData = path.join(tempDir, 'user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(TEST_TERMINAL_SETTINGS, null, 2));
    try {
      await runTests({
        version: values['vscode-version'] ?? process.env.TERRITORY_VSCODE_VERSION ?? 'stable',
        extensionDevelopmentPath: root,
        extensionTestsPath: testsIndex(root),
        // No mark (ENV.mark): here the extension host's output reaches stdout directly.
        extensionTestsEnv: {
          [ENV.handle]: '1',
          [ENV.scenario]: scenario.name,
          [ENV.workspace]: workspace,
          [ENV.grep]: values.grep ?? '',
          [ENV.color]: process.stdout.isTTY ? '1' : '0',
        },
        launchArgs: [
          workspace,
          // Other installed extensions and a user profile must not influence the tests.
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          `--user-data-dir=${userData}`,
          `--extensions-dir=${path.join(tempDir, 'extensions')}`,
        ],
      });
      rmSync(tempDir, { recursive: true, force: true });
    } catch (error) {
      console.log(
        `✖ scenario ${scenario.name}: ${error instanceof Error ? error.message : String(error)} (kept ${tempDir})`,
      );
      failed.push(scenario.name);
    }
  }
  console.log(failed.length === 0 ? '\nAll scenarios passed.' : `\nFailed scenarios: ${failed.join(', ')}`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`electron runner: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
