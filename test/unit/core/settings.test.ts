import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, Setting, settingsFrom, settingsFromText, type SettingKey } from '../../../src/core/settings';
import { REPO_ROOT } from '../../support/repoRoot';

interface Contributed {
  readonly default?: unknown;
}

function contributedSettings(): Record<string, Contributed> {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Contributed> } };
  };
  return pkg.contributes.configuration.properties;
}

describe('settings: one typed model', () => {
  it('types every contributed setting, and contributes every typed one, with the same default', () => {
    const contributed = contributedSettings();
    const typed = Object.values(Setting).map((key) => `territory.${key}`);
    assert.deepEqual(Object.keys(contributed).sort(), typed.sort());
    for (const [key, name] of Object.entries(Setting) as [SettingKey, string][]) {
      assert.deepEqual(contributed[`territory.${name}`].default, DEFAULT_SETTINGS[key], `territory.${name}`);
    }
  });

  it('reads the manifest defaults as the defaults (what VS Code answers for unset keys)', () => {
    const contributed = contributedSettings();
    const { settings, problems } = settingsFrom((key) => contributed[`territory.${Setting[key]}`].default);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  });

  it('the CLI reads .vscode/settings.json (with comments) to the same values the editor reads', () => {
    const raw: Record<string, unknown> = {
      unassigned: 'shared',
      baseBranch: ' develop ',
      maxCommits: 10,
      commitExemptions: ['merge', 'squash'],
      codeOwners: { CORE: '@core-team' },
    };
    const text = `{\n  // the team's settings\n${Object.entries(raw)
      .map(([k, v]) => `  "territory.${k}": ${JSON.stringify(v)}`)
      .join(',\n')}\n}`;
    const fromFile = settingsFromText(text);
    const fromEditor = settingsFrom((key) => raw[key]);
    assert.deepEqual(fromFile, fromEditor);
    assert.equal(fromFile.settings.unassigned, 'shared');
    assert.equal(fromFile.settings.baseBranch, 'develop');
    assert.equal(fromFile.settings.maxCommits, 50, 'clamped to the smallest cap');
    assert.deepEqual(fromFile.settings.commitExemptions, ['merge']);
    assert.deepEqual(fromFile.settings.codeOwners, { CORE: ['@core-team'] });
    assert.match(fromFile.problems.join('\n'), /unknown exemption "squash"/);
  });

  it('falls back to the defaults for a missing, broken or wrongly typed file: unassigned files stay locked', () => {
    for (const text of [
      undefined,
      '',
      '{ broken',
      '[]',
      '"territory.unassigned"',
      '{"territory.unassigned": "open", "territory.readonly": 3}',
    ]) {
      const { settings } = settingsFromText(text);
      assert.equal(settings.unassigned, 'locked', String(text));
      assert.equal(settings.readonly, 'session', String(text));
    }
  });
});
