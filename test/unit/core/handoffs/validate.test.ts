import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyHandoffPath, findHandoffFiles, readHandoffTexts } from '../../../../src/core/handoffs/discover';
import { analyzeHandoffFile } from '../../../../src/core/handoffs/validate';
import { lines, SEED_CONTEXT, SEED_MAP } from '../../support/handoffs';

function diagnostics(path: string, text: string): string[] {
  return analyzeHandoffFile(path, text, SEED_CONTEXT).diagnostics.map((d) => `${d.range.line}:${d.severity}:${d.code}`);
}

describe('handoff validation against the map', () => {
  it('a requested file that the target does not own, is unassigned or lies outside', () => {
    const text = lines(
      '# Handoff from CORE',
      '### For API:',
      '- [ ] File: `frontend/src/App.tsx`',
      '- [ ] Change needed: a',
      '- [ ] Reason: b',
      '- [ ] Blocking: No',
      '',
      '- [ ] File: `backend/app/main.py`',
      '- [ ] Change needed: a',
      '- [ ] Reason: b',
      '- [ ] Blocking: No',
      '',
      '- [ ] File: `../elsewhere.py`',
      '- [ ] Change needed: a',
      '- [ ] Reason: b',
      '- [ ] Blocking: No',
      '',
      '- [ ] File: `backend/app/services/`',
      '- [ ] Change needed: a directory is fine',
      '- [ ] Reason: b',
      '- [ ] Blocking: No',
    );
    const parsed = analyzeHandoffFile('HANDOFF_FROM_CORE.md', text, SEED_CONTEXT);
    const notOwned = parsed.diagnostics.filter((d) => d.code === 'file-not-owned');
    assert.deepEqual(
      notOwned.map((d) => d.range.line),
      [2, 7, 12],
    );
    assert.match(notOwned[0].message, /owned by FE \(T4\), not by API: address this request to FE/);
    assert.match(notOwned[1].message, /owned by no domain/);
    assert.match(notOwned[2].message, /outside the workspace folder/);
  });

  it('a request with no file, or an empty File line, is reported where the file should be', () => {
    const text = lines(
      '# Handoff from CORE',
      '### For API:',
      '- [ ] Change needed: a',
      '- [ ] Reason: b',
      '- [ ] Blocking: No',
      '',
      '- [ ] File:',
      '- [ ] Change needed: c',
    );
    assert.deepEqual(
      diagnostics('HANDOFF_FROM_CORE.md', text).filter((d) => d.includes('no-file')),
      ['2:warning:no-file', '6:warning:no-file'],
    );
  });

  it('an unknown target is an error on its heading; its requests are not checked for ownership', () => {
    assert.deepEqual(
      diagnostics(
        'HANDOFF_FROM_CORE.md',
        lines(
          '# Handoff from CORE',
          '### For DB:',
          '- [ ] File: `db.py`',
          '- [ ] Change needed: a',
          '- [ ] Reason: b',
          '- [ ] Blocking: No',
        ),
      ),
      ['1:error:unknown-target'],
    );
  });

  it('a handoff file whose name names no domain', () => {
    const body = lines(
      '# Handoff from API',
      '### For CORE:',
      '- [ ] File: `backend/app/models/a.py`',
      '- [ ] Change needed: a',
      '- [ ] Reason: b',
      '- [ ] Blocking: No',
    );
    const db = analyzeHandoffFile('HANDOFF_FROM_DB.md', body, SEED_CONTEXT);
    assert.deepEqual(
      db.diagnostics.map((d) => `${d.range.line}:${d.severity}:${d.code}`),
      ['0:error:unknown-source'],
    );
    assert.match(
      db.diagnostics[0].message,
      /names "DB", which is no domain of the map\. Its requests are taken as coming from "API"/,
    );
    assert.equal(db.requests[0].source, 'API', 'the heading still names the source');
    const byTerminal = analyzeHandoffFile('HANDOFF_FROM_T2.md', body, SEED_CONTEXT);
    assert.match(byTerminal.diagnostics[0].message, /names API's terminal: rename it HANDOFF_FROM_API\.md/);
    // The id in another case is not the domain's file (GitHub's CODEOWNERS would not match it either).
    const lower = analyzeHandoffFile('HANDOFF_FROM_api.md', body, SEED_CONTEXT);
    assert.match(lower.diagnostics[0].message, /names API in another case: rename it HANDOFF_FROM_API\.md/);
    const notes = analyzeHandoffFile('HANDOFF_NOTES.md', body, SEED_CONTEXT);
    assert.deepEqual(
      notes.diagnostics.map((d) => `${d.severity}:${d.code}`),
      ['warning:unknown-source'],
    );
    assert.match(notes.diagnostics[0].message, /names no domain: handoff files are named HANDOFF_FROM_\{domain\}\.md/);
  });

  it('without a map: parses, resolves nothing, checks nothing', () => {
    const parsed = analyzeHandoffFile(
      'HANDOFF_FROM_CORE.md',
      lines(
        '# Handoff from CORE',
        '### For API:',
        '- [ ] File: `x`',
        '- [ ] Change needed: a',
        '- [ ] Reason: b',
        '- [ ] Blocking: No',
      ),
      {
        map: undefined,
        resolver: undefined,
      },
    );
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.requests[0].source, 'CORE');
    assert.equal(parsed.requests[0].target?.domain, undefined);
  });
});

describe('finding handoff files', () => {
  it('classifies names by the template; any root HANDOFF_*.md is one too', () => {
    const t = SEED_MAP.handoffFile;
    assert.deepEqual(classifyHandoffPath('HANDOFF_FROM_CORE.md', t, SEED_MAP.domains), {
      kind: 'domain',
      domain: 'CORE',
    });
    // Case-sensitive, as the resolver (and GitHub's CODEOWNERS) read the name: a hint to rename it instead.
    assert.deepEqual(classifyHandoffPath('HANDOFF_FROM_core.md', t, SEED_MAP.domains), {
      kind: 'unknown-domain',
      name: 'core',
      hint: SEED_MAP.domains[0],
    });
    assert.equal(classifyHandoffPath('HANDOFF_FROM_DB.md', t, SEED_MAP.domains)?.kind, 'unknown-domain');
    assert.deepEqual(classifyHandoffPath('HANDOFF_NOTES.md', t, SEED_MAP.domains), { kind: 'other' });
    assert.deepEqual(classifyHandoffPath('HANDOFF_FROM_API_v2.md', t, SEED_MAP.domains), {
      kind: 'unknown-domain',
      name: 'API_v2',
      hint: undefined,
    });
    assert.deepEqual(classifyHandoffPath('HANDOFF-FROM-API.md', t, SEED_MAP.domains), undefined);
    assert.equal(classifyHandoffPath('docs/HANDOFF_FROM_CORE.md', t, SEED_MAP.domains), undefined);
    assert.equal(classifyHandoffPath('README.md', t, SEED_MAP.domains), undefined);
    assert.deepEqual(classifyHandoffPath('handoffs/from-FE.md', 'handoffs/from-{domain}.md', SEED_MAP.domains), {
      kind: 'domain',
      domain: 'FE',
    });
  });

  it('lists the root and the template directory, and reads them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'territory-handoffs-'));
    try {
      mkdirSync(join(root, 'handoffs'));
      mkdirSync(join(root, 'docs'));
      for (const file of [
        'HANDOFF_FROM_CORE.md',
        'HANDOFF_NOTES.md',
        'README.md',
        'handoffs/from-FE.md',
        'handoffs/other.md',
        'docs/HANDOFF_FROM_API.md',
      ]) {
        writeFileSync(join(root, file), `# ${file}\n`);
      }
      assert.deepEqual(await findHandoffFiles(root), ['HANDOFF_FROM_CORE.md', 'HANDOFF_NOTES.md']);
      assert.deepEqual(await findHandoffFiles(root, 'handoffs/from-{domain}.md'), [
        'HANDOFF_FROM_CORE.md',
        'HANDOFF_NOTES.md',
        'handoffs/from-FE.md',
      ]);
      assert.deepEqual(
        (await readHandoffTexts(root)).map((t) => t.text),
        ['# HANDOFF_FROM_CORE.md\n', '# HANDOFF_NOTES.md\n'],
      );
      assert.deepEqual(await findHandoffFiles(join(root, 'missing')), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
