// The patch store of blocked edits (src/core/guard/patchStore.ts) and its diff (src/core/unifiedDiff.ts):
// what is kept applies with git to give the intended text, odd names round-trip, binary files and
// changes are refused, the store stays bounded, and a linked `.territory` is never written through.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  MAX_PATCH_BYTES,
  MAX_PATCHES,
  PATCH_DIR,
  isPatchId,
  readPatch,
  savePatch,
  type PatchMeta,
} from '../../../../src/core/guard/patchStore';
import { textAfter } from '../../../../src/core/guard/agentGuard';
import { unifiedDiff } from '../../../../src/core/unifiedDiff';
import { tempDir } from '../../support/guard';

const NOW = new Date('2026-12-06T03:00:00Z');
const meta = (file: string, extra: Partial<PatchMeta> = {}): PatchMeta => ({
  file,
  domain: 'CORE',
  owner: 'API',
  tool: 'Edit',
  time: NOW.toISOString(),
  ...extra,
});

function folder(files: Record<string, string | Buffer> = {}): string {
  const root = tempDir('territory-patches-');
  spawnSync('git', ['init', '-q', root]);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

/** `git apply` of a kept patch in `root`: the file's text afterwards. */
function applied(root: string, patchFile: string, file: string): string {
  const r = spawnSync('git', ['apply', '--unsafe-paths', path.join(root, patchFile)], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(path.join(root, file), 'utf8');
}

function storeFiles(root: string): string[] {
  const dir = path.join(root, PATCH_DIR);
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.patch')) : [];
}

describe('patch store of blocked edits', () => {
  it("keeps an Edit's change as a diff that git applies to give the intended text", () => {
    const before = 'def routes():\n    return []\n\n# end\n';
    const root = folder({ 'backend/app/api/routes.py': before });
    const change = {
      kind: 'edits' as const,
      edits: [{ oldString: 'return []', newString: 'return [1]', replaceAll: false }],
    };
    const saved = savePatch(root, meta('backend/app/api/routes.py'), (current) => textAfter(change, current), NOW);
    assert.ok(saved.ok, saved.ok ? '' : saved.reason);
    assert.ok(isPatchId(saved.patch.id), saved.patch.id);
    assert.equal(readFileSync(path.join(root, 'backend/app/api/routes.py'), 'utf8'), before, 'the file is not touched');
    assert.equal(
      applied(root, saved.patch.path, 'backend/app/api/routes.py'),
      before.replace('return []', 'return [1]'),
    );
    const back = readPatch(root, saved.patch.id);
    assert.ok(back.ok);
    assert.deepEqual({ ...back.patch }, { ...saved.patch });
    assert.equal(readFileSync(path.join(root, PATCH_DIR, '.gitignore'), 'utf8').split('\n')[1], '*');
  });

  it("keeps a new file's whole content (--- /dev/null)", () => {
    const root = folder();
    const saved = savePatch(root, meta('backend/app/api/new_route.py', { tool: 'Write' }), () => 'x = 1\ny = 2', NOW);
    assert.ok(saved.ok);
    const text = readFileSync(path.join(root, saved.patch.path), 'utf8');
    assert.match(text, /^--- \/dev\/null$/m);
    assert.equal(applied(root, saved.patch.path, 'backend/app/api/new_route.py'), 'x = 1\ny = 2');
  });

  it('files with odd names (spaces, quotes, $(…), unicode, a leading dash) round-trip', () => {
    for (const name of ['a b/it\'s "q".py', 'x/$(touch pwned).py', 'ü/名前.txt', 'd/-rf.txt']) {
      const root = folder({ [name]: 'one\ntwo\n' });
      const saved = savePatch(root, meta(name), () => 'one\nTWO\n', NOW);
      assert.ok(saved.ok, name);
      const back = readPatch(root, saved.patch.id);
      assert.ok(back.ok && back.patch.file === name, name);
      assert.equal(existsSync(path.join(root, 'pwned')), false);
    }
  });

  it('refuses binary files and binary changes, and keeps nothing', () => {
    const root = folder({ 'img.png': Buffer.from([0x89, 0x50, 0x00, 0x01]), 'a.txt': 'text\n' });
    const binaryFile = savePatch(root, meta('img.png'), () => 'text', NOW);
    assert.equal(binaryFile.ok, false);
    assert.match(binaryFile.ok ? '' : binaryFile.reason, /binary: no patch is kept/);
    const binaryChange = savePatch(root, meta('a.txt'), () => 'te\0xt\n', NOW);
    assert.equal(binaryChange.ok, false);
    assert.match(binaryChange.ok ? '' : binaryChange.reason, /binary: no patch is kept/);
    assert.deepEqual(storeFiles(root), []);
  });

  it(`bounds each patch (${MAX_PATCH_BYTES / 1024} KiB) and the count (${MAX_PATCHES}, the oldest dropped)`, function () {
    this.timeout(20_000);
    const root = folder({ 'a.txt': 'a\n' });
    const huge = savePatch(root, meta('a.txt'), () => 'x'.repeat(MAX_PATCH_BYTES) + '\n', NOW);
    assert.equal(huge.ok, false);
    assert.match(huge.ok ? '' : huge.reason, /larger than 256 KiB/);
    assert.deepEqual(storeFiles(root), []);
    const ids: string[] = [];
    for (let i = 0; i < MAX_PATCHES + 7; i++) {
      const saved = savePatch(root, meta('a.txt'), () => `a${i}\n`, new Date(NOW.getTime() + i * 1000));
      assert.ok(saved.ok);
      ids.push(saved.patch.id);
    }
    const kept = storeFiles(root)
      .map((n) => n.slice(0, -6))
      .sort();
    assert.equal(kept.length, MAX_PATCHES);
    assert.deepEqual(kept, ids.slice(7).sort(), 'the newest are kept');
    assert.equal(readPatch(root, ids[0]!).ok, false, 'a dropped patch is gone');
  });

  it('never writes through a symbolic link: .territory, .territory/patches, or the target leading out', () => {
    for (const link of ['.territory', '.territory/patches']) {
      const root = folder({ 'a.txt': 'a\n' });
      const outside = tempDir('territory-patches-outside-');
      mkdirSync(path.dirname(path.join(root, link)), { recursive: true });
      symlinkSync(outside, path.join(root, link));
      const saved = savePatch(root, meta('a.txt'), () => 'b\n', NOW);
      assert.equal(saved.ok, false, link);
      assert.match(saved.ok ? '' : saved.reason, /symbolic link/);
      assert.deepEqual(readdirSync(outside), [], `nothing written through ${link}`);
    }
    const root = folder();
    const secret = path.join(tempDir('territory-patches-secret-'), 'secret.txt');
    writeFileSync(secret, 'TOKEN=hunter2\n');
    mkdirSync(path.join(root, 'backend'));
    symlinkSync(secret, path.join(root, 'backend/link.txt'));
    const leak = savePatch(root, meta('backend/link.txt'), () => 'x\n', NOW);
    assert.equal(leak.ok, false);
    assert.deepEqual(storeFiles(root), [], 'the secret is not copied into the store');
  });

  it('reads only ids of its own form, and only files it wrote', () => {
    const root = folder({ 'a.txt': 'a\n' });
    for (const bad of [
      '../../etc/passwd',
      '20261206T030000Z-CORE-abcdef/../x',
      '',
      'x'.repeat(500),
      '20261206T030000Z-core-abcdef',
    ]) {
      const r = readPatch(root, bad);
      assert.equal(r.ok, false, bad);
      assert.match(r.ok ? '' : r.reason, /not a patch id/);
    }
    mkdirSync(path.join(root, PATCH_DIR), { recursive: true });
    writeFileSync(path.join(root, PATCH_DIR, '20261206T030000Z-CORE-abcdef.patch'), 'rm -rf /\n');
    const foreign = readPatch(root, '20261206T030000Z-CORE-abcdef');
    assert.equal(foreign.ok, false);
    assert.match(foreign.ok ? '' : foreign.reason, /not a patch the guard wrote/);
  });
});

describe('unifiedDiff', () => {
  it('random edits: git apply of the diff gives the new text (final newline or not)', function () {
    this.timeout(60_000);
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const words = ['a', 'b', 'c', '', '  x', 'def f():', 'return 1'];
    const text = () =>
      Array.from({ length: rand(12) }, () => words[rand(words.length)]).join('\n') + (rand(2) === 0 ? '\n' : '');
    const root = folder();
    for (let i = 0; i < 40; i++) {
      const before = text();
      const after = text();
      writeFileSync(path.join(root, 'f.txt'), before);
      const diff = unifiedDiff(before, after, 'a/f.txt', 'b/f.txt');
      if (before === after) {
        assert.equal(diff, '');
        continue;
      }
      writeFileSync(path.join(root, 'p.diff'), diff);
      const r = spawnSync('git', ['apply', 'p.diff'], { cwd: root, encoding: 'utf8', timeout: 10_000 });
      assert.equal(
        r.status,
        0,
        `case ${i}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}\n${diff}\n${r.stderr}`,
      );
      assert.equal(readFileSync(path.join(root, 'f.txt'), 'utf8'), after, `case ${i}`);
    }
  });
});
