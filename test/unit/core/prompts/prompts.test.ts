import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentCommandLine, quoteArg, shellKindOf, withClaudeSettings } from '../../../../src/core/agentCommand';
import { checkTemplate, generatePrompt, promptFacts } from '../../../../src/core/prompts';
import { renderTemplate } from '../../../../src/core/prompts/template';
import { compilePattern } from '../../../../src/core/ownership/pattern';
import { parseMarkdownMap } from '../../../../src/core/map/markdownMap';
import { exportProtocol } from '../../../../src/core/prompts/protocol';
import { SEED_MAP } from '../../../support/seedMap';

/** Each fact of the seed's template for that domain, as the generated prompt must carry it. */
const SEED_FACTS: Record<string, string[]> = {
  CORE: [
    'You are the BACKEND CORE orchestrator for Autonomous-Assignment-Program-Manager.',
    'BRANCH: claude/[session-branch-name]',
    'YOUR EXCLUSIVE DOMAIN:\n- backend/app/models/\n- backend/app/schemas/\n- backend/app/db/\n- backend/alembic/',
    '- backend/app/api/ (API, T2)',
    '- backend/app/services/ (API, T2)',
    '- backend/app/scheduling/ (SCHED, T3)',
    '- frontend/src/ (FE, T4)',
    '- backend/tests/ (TEST, T5)',
    '- frontend/__tests__/ (TEST, T5)',
    'YOUR TASK:\n[INSERT SPECIFIC TASK]',
    '1. Spawn up to 5 parallel Task agents for files in YOUR domain only',
    'Commit with prefix "core: "',
    'write HANDOFF_FROM_CORE.md',
    '4. If Territory blocks an edit, it keeps your change as a patch and names it: file the request with `territory handoff add --to ID --file PATH --change TEXT --reason TEXT --blocking yes|no --patch PATCH_ID`',
    '5. When a HANDOFF request to you is done, mark it done with `territory handoff done --from ID --index N` (you cannot edit their file)',
    'Push to branch when complete',
    '- Files modified: [list]',
    '- Commits made: [list with hashes]',
    '- Handoffs needed: [Yes/No, details]',
    '- Status: [Complete/Blocked/Partial]',
  ],
  API: [
    'You are the BACKEND API orchestrator for Autonomous-Assignment-Program-Manager.',
    'YOUR EXCLUSIVE DOMAIN:\n- backend/app/api/\n- backend/app/services/\n- backend/app/core/',
    '- backend/app/models/ (CORE, T1)',
    '- backend/app/schemas/ (CORE, T1)',
    '- backend/app/scheduling/ (SCHED, T3)',
    '- frontend/src/ (FE, T4)',
    'Commit with prefix "api: "',
    'write HANDOFF_FROM_API.md',
    '- Handoffs needed: [Yes/No, details]',
  ],
  SCHED: [
    'You are the SCHEDULING ENGINE orchestrator for Autonomous-Assignment-Program-Manager.',
    'YOUR EXCLUSIVE DOMAIN:\n- backend/app/scheduling/\n',
    '- backend/app/models/ (CORE, T1)',
    '- backend/app/schemas/ (CORE, T1)',
    '- backend/app/api/ (API, T2)',
    '- frontend/src/ (FE, T4)',
    'Commit with prefix "sched: "',
    'write HANDOFF_FROM_SCHED.md',
  ],
  FE: [
    'You are the FRONTEND orchestrator for Autonomous-Assignment-Program-Manager.',
    'YOUR EXCLUSIVE DOMAIN:\n- frontend/src/\n- frontend/public/\n',
    '- backend/app/models/ (CORE, T1)',
    '- backend/app/api/ (API, T2)',
    '- frontend/__tests__/ (TEST, T5)',
    '- docs/ (at any depth) (TEST, T5)',
    'Commit with prefix "fe: "',
    'write HANDOFF_FROM_FE.md',
  ],
  TEST: [
    'You are the TESTS & DOCS orchestrator for Autonomous-Assignment-Program-Manager.',
    '- backend/tests/\n- frontend/__tests__/\n- docs/ (at any depth)\n- root *.md files\n- EXCEPT: Do not modify HANDOFF_*.md files created by other terminals',
    '- backend/app/models/ (CORE, T1)',
    '- backend/app/api/ (API, T2)',
    '- frontend/src/ (FE, T4)',
    'Commit with prefix "test: " or "docs: "',
    'READ all HANDOFF_*.md files to understand what changed',
    '- Test results: [pass/fail counts]',
    '- Status: [Complete/Blocked/Partial]',
  ],
};

describe('prompts for the seed map', () => {
  for (const [id, facts] of Object.entries(SEED_FACTS)) {
    describe(id, () => {
      const prompt = generatePrompt(SEED_MAP, id, {});
      for (const fact of facts)
        it(`carries ${JSON.stringify(fact.split('\n')[0])}${fact.includes('\n') ? ' …' : ''}`, () =>
          assert.ok(prompt.includes(fact), `missing:\n${fact}\nin:\n${prompt}`));
    });
  }

  it('OFF LIMITS names every other pattern with its owner, and none of the domain own', () => {
    for (const domain of SEED_MAP.domains) {
      const facts = promptFacts(SEED_MAP, domain.id, { unassigned: { directories: ['scripts'], files: ['Makefile'] } });
      for (const other of SEED_MAP.domains.filter((d) => d !== domain)) {
        for (const pattern of other.paths) {
          const body = compilePattern(pattern)[0]
            .segments.filter((s) => s !== '**')
            .join('/');
          assert.ok(
            facts.offLimits.some((l) => l.includes(body) && l.includes(`(${other.id}, ${other.terminal})`)),
            `${domain.id} misses ${pattern}`,
          );
        }
      }
      for (const own of domain.paths)
        assert.ok(
          !facts.offLimits.some((l) => l.startsWith(own) && !l.includes('HANDOFF')),
          `${domain.id} lists its own ${own}`,
        );
      assert.ok(facts.offLimits.some((l) => l === "scripts/, Makefile (unassigned: the lead's)"));
    }
  });

  it('the task and open handoffs appear; the TEST report has test results', () => {
    const prompt = generatePrompt(SEED_MAP, 'API', {
      task: 'Clean up console.logs, add rate limiting',
      openHandoffs: [
        {
          index: 0,
          source: 'CORE',
          target: { raw: 'API', domain: 'API', line: 4 },
          file: 'backend/app/api/routes.py',
          change: 'Expose version',
          reason: 'Optimistic locking',
          blocking: true,
          items: [],
          checked: false,
          state: 'open',
          startLine: 5,
          endLine: 8,
        },
      ],
    });
    assert.ok(prompt.includes('YOUR TASK:\nClean up console.logs, add rate limiting'));
    assert.ok(prompt.includes('OPEN HANDOFF REQUESTS FOR YOU:\n'));
    assert.ok(
      prompt.includes(
        'From CORE (BLOCKING): `backend/app/api/routes.py` — change: Expose version — reason: Optimistic locking — when done: `territory handoff done --from CORE --index 1`',
      ),
      prompt,
    );
    // A source that is no domain of the map (a heading's raw text, the branch's data) is never put into a command.
    const request = {
      index: 0,
      target: { raw: 'API', domain: 'API', line: 4 },
      file: 'x.py',
      change: 'c',
      reason: 'r',
      blocking: false,
      items: [],
      checked: false,
      state: 'open' as const,
      startLine: 5,
      endLine: 8,
    };
    const forged = generatePrompt(SEED_MAP, 'API', {
      openHandoffs: [
        { ...request, source: 'CORE`; rm -rf ~ #' },
        { ...request, source: 'API' },
      ],
    });
    assert.doesNotMatch(forged, /rm -rf[^\n]*territory handoff done|territory handoff done --from (CORE`|API)/);
  });

  it('an unknown placeholder in a user template is reported with its position', () => {
    assert.deepEqual(checkTemplate('Hi {{role}}\n  {{nope}} {{ task }}'), [
      { line: 1, column: 2, length: 8, message: checkTemplate('{{nope}}')[0].message },
    ]);
    assert.match(checkTemplate('{{nope}}')[0].message, /^Unknown placeholder \{\{nope\}\}/);
  });

  it('a placeholder named like a built-in property ({{constructor}}, {{toString}}) is unknown, not a crash', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.match(
        checkTemplate(`{{${name}}}`)[0]?.message ?? '',
        new RegExp(`^Unknown placeholder \\{\\{${name}\\}\\}`),
        name,
      );
      assert.equal(renderTemplate(`x {{${name}}} y`, promptFacts(SEED_MAP, 'CORE', {})), `x {{${name}}} y`);
    }
  });
});

describe('agent command lines', () => {
  const nasty = [`it's "quoted"`, '$(touch /tmp/pwned)', '`id`', 'a\nb', '; rm -rf /', '$HOME \\ back'];

  it('shell kinds', () => {
    assert.equal(shellKindOf('/bin/bash'), 'posix');
    assert.equal(shellKindOf('C:\\Program Files\\PowerShell\\7\\pwsh.exe'), 'powershell');
    assert.equal(shellKindOf('/usr/bin/fish'), 'fish');
    assert.equal(shellKindOf('cmd.exe'), 'cmd');
  });

  it('posix quoting survives a real shell, byte for byte', () => {
    for (const value of nasty) {
      const echoed = execFileSync('/bin/sh', ['-c', `printf %s ${quoteArg(value, 'posix')}`]).toString();
      assert.equal(echoed, value);
    }
  });

  it('a prompt file whose path and content hold shell syntax stays inert', () => {
    const dir = mkdtempSync(join(tmpdir(), "territory it's $(x) "));
    const file = join(dir, 'CORE.md');
    const content = nasty.join('\n') + '\n';
    writeFileSync(file, content);
    const line = agentCommandLine('printf %s', file, 'posix');
    assert.equal(execFileSync('/bin/sh', ['-c', line]).toString(), content.replace(/\n$/, ''));
    const byPath = agentCommandLine('cat {promptFile}', file, 'posix');
    assert.equal(execFileSync('/bin/sh', ['-c', byPath]).toString(), content);
  });

  it('{domain} and {claudeSettings} become quoted arguments that a real shell passes through literally', () => {
    const settings = "/tmp/it's $(touch PWNED)/.territory/claude/CORE.settings.json";
    const line = agentCommandLine("printf '%s|%s|%s' {domain} {claudeSettings} {promptFile}", '/p/CORE.md', 'posix', {
      domain: "CORE'; rm -rf /",
      claudeSettings: settings,
    });
    assert.equal(execFileSync('/bin/sh', ['-c', line]).toString(), `CORE'; rm -rf /|${settings}|/p/CORE.md`);
    assert.throws(
      () => agentCommandLine('claude --settings {claudeSettings}', '/p', 'posix'),
      /\{claudeSettings\}, which has no value/,
    );
  });

  it('refuses multi-line settings and unsafe cmd.exe arguments', () => {
    assert.throws(() => agentCommandLine('claude\nrm -rf /', '/x', 'posix'), /single line/);
    assert.throws(() => quoteArg('a&b', 'cmd'), /cmd\.exe/);
    assert.equal(
      agentCommandLine('agent --file {promptFile}', "C:\\it's\\CORE.md", 'powershell'),
      "agent --file 'C:\\it''s\\CORE.md'",
    );
  });

  it('adds --settings {claudeSettings} right after the program, once, keeping the rest as written', () => {
    assert.deepEqual(
      [
        'claude',
        'claude {prompt}',
        '  /opt/bin/claude --model opus {promptFile} ',
        'claude --settings {claudeSettings}',
        '',
      ].map(withClaudeSettings),
      [
        'claude --settings {claudeSettings}',
        'claude --settings {claudeSettings} {prompt}',
        '/opt/bin/claude --settings {claudeSettings} --model opus {promptFile}',
        'claude --settings {claudeSettings}',
        '',
      ],
    );
    // What it adds is a placeholder the command line then fills with the quoted path.
    assert.equal(
      agentCommandLine(withClaudeSettings('claude {promptFile}'), '/p/CORE.md', 'posix', {
        claudeSettings: "/w/it's/CORE.settings.json",
      }),
      "claude --settings '/w/it'\\''s/CORE.settings.json' '/p/CORE.md'",
    );
  });
});

describe('protocol export', () => {
  it('reads back to the same map (export → import round trip)', () => {
    const text = exportProtocol(SEED_MAP, { goal: 'Edge cases', tasks: { CORE: 'Add version field' } });
    const parsed = parseMarkdownMap(text);
    assert.ok(parsed?.map, 'a table is found');
    assert.deepEqual(
      parsed.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(parsed.map, SEED_MAP);
    for (const section of [
      '## Conflict Prevention Protocol',
      '### HANDOFF File Format',
      '### TERMINAL 5: TESTS & DOCS',
      '## Meta-Session Workflow',
      '## Safety Notes',
      '| T1: CORE | Add version field |',
    ]) {
      assert.ok(text.includes(section), section);
    }
  });
});

describe('session plan file', () => {
  it('reads JSON with comments, and reports what it ignores', async () => {
    const { parseSessionPlan } = await import('../../../../src/core/session.js');
    const { plan, problems } = parseSessionPlan(
      '{\n // note\n "goal": "g",\n "tasks": { "CORE": "a", "NOPE": "b", "API": 3 },\n}',
      SEED_MAP,
    );
    assert.deepEqual(plan, { goal: 'g', tasks: { CORE: 'a' } });
    assert.deepEqual(
      problems.map((p) => [p.message, p.severity, p.range.line, p.range.column]),
      [
        ['"NOPE" is not a domain of the map; its task is ignored', 'warning', 3, 25],
        ['the task of API must be a string', 'warning', 3, 45],
      ],
    );
    const broken = parseSessionPlan('{\n  "goal": "g",\n  "tasks": { "CORE": "a" \n', SEED_MAP);
    assert.equal(broken.broken, true);
    assert.equal(broken.problems[0].severity, 'error');
    assert.match(broken.problems[0].message, /not valid JSON/);
    assert.equal(broken.problems[0].range.line, 3, 'at the end, where the closing braces are missing');
    assert.equal(parseSessionPlan('[]', SEED_MAP).broken, true);
    assert.equal(parseSessionPlan('', SEED_MAP).broken, true);
  });
});
