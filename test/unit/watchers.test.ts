import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';

const SRC = path.join(REPO_ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/**
 * One watcher per thing: a mapped workspace's files and git state are watched by the hub
 * (features/model/fileEvents.ts) and the features subscribe to its events. Only these may open a
 * watcher of their own, each for something the hub does not watch.
 */
const OWN_WATCHERS: Record<string, string> = {
  'features/model/fileEvents.ts': 'the hub: one recursive watcher while mapped, one per git directory',
  'features/model/maps.ts': 'the map candidates, before any folder has a map (the hub does not exist yet)',
  'loader.ts': 'the map candidates before the extension is loaded',
  'features/handoffs/service.ts':
    'the handoff files only (HANDOFF_*.md): handoffs work in a folder without a map, where the hub has no recursive watcher',
  'features/guard/service.ts': 'the git hooks directory and hook-manager step files, often outside the folder',
};

describe('one watcher per thing', () => {
  it('are opened only by the hub and the few owners named here', () => {
    const opened = sources(SRC)
      .filter((file) => readFileSync(file, 'utf8').includes('createFileSystemWatcher('))
      .map((file) => path.relative(SRC, file).split(path.sep).join('/'))
      .sort();
    assert.deepEqual(opened, Object.keys(OWN_WATCHERS).sort());
  });

  it('and configuration changes are listened to once, by the settings service (loader.ts before the extension loads)', () => {
    const listening = sources(SRC)
      .filter((file) => readFileSync(file, 'utf8').includes('onDidChangeConfiguration('))
      .map((file) => path.relative(SRC, file).split(path.sep).join('/'))
      .sort();
    assert.deepEqual(listening, ['features/base/config.ts', 'loader.ts']);
  });
});
