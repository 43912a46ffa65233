// Territory's step in a hook manager's files (issue 25 item 11): inserted as whole lines, found
// by its markers, and removed to the very bytes it was inserted into, whatever the user's text.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { HOOK_NAMES } from '../../../../src/core/guard/hookScript';
import {
  findStep,
  insertHuskyStep,
  insertLefthookStep,
  insertPreCommitStep,
  MANAGERS,
  removeStep,
  stepBlock,
  stepCommand,
  type ManagerName,
} from '../../../../src/core/guard/managerSteps';

/** A small deterministic generator (mulberry32), so a failure is reproducible from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LINES = [
  '#!/usr/bin/env sh',
  'npm test',
  'echo "$1"',
  '',
  '  indented',
  'exit 0',
  'é ü ✓',
  'tab\there',
  'cr\r',
  '# >>> not ours',
  'pre-commit',
  '\u2028',
];

function userText(next: () => number): string {
  const count = Math.floor(next() * 6);
  const lines = Array.from({ length: count }, () => LINES[Math.floor(next() * LINES.length)]!);
  const eol = next() < 0.2 ? '\r\n' : '\n';
  return lines.join(eol) + (next() < 0.5 ? eol : '');
}

/** Each generated case must answer quickly: the step code is string work only. */
const CASE_MS = 50;

function roundTrip(
  manager: ManagerName,
  hook: (typeof HOOK_NAMES)[number] | undefined,
  original: string,
  inserted: string,
): void {
  const found = findStep(inserted, manager, hook, 'file');
  assert.ok(found.ok, JSON.stringify(original));
  assert.ok(found.step?.current, `the step is not found as written in ${JSON.stringify(inserted)}`);
  assert.equal(removeStep(inserted, found.step), original, `not given back byte for byte: ${JSON.stringify(original)}`);
  assert.ok(inserted.includes(original.slice(0, 1)), 'user text kept');
}

describe("guard: Territory's step in a hook manager's files", () => {
  it('husky: 500 generated hook scripts get the step after their #! line and back byte for byte', () => {
    const next = random(25);
    for (let i = 0; i < 500; i++) {
      const started = Date.now();
      const original = userText(next);
      const hook = HOOK_NAMES[i % 3]!;
      const inserted = insertHuskyStep(original, hook);
      if (original.startsWith('#!') && original.includes('\n'))
        assert.ok(
          inserted.startsWith(original.slice(0, original.indexOf('\n') + 1) + '# >>> territory-step'),
          'the #! line stays first',
        );
      else assert.ok(inserted.startsWith('# >>> territory-step'), 'the step comes before the user lines');
      assert.ok(inserted.includes(original.slice(original.indexOf('\n') + 1)), 'the user text follows unchanged');
      roundTrip('husky', hook, original, inserted);
      assert.ok(Date.now() - started < CASE_MS, `case ${i} took ${Date.now() - started} ms`);
    }
  });

  it('husky: a file Territory created is known as such (uninstall deletes it), and the step is valid sh', () => {
    const created = insertHuskyStep(undefined, 'pre-push');
    const found = findStep(created, 'husky', 'pre-push', '.husky/pre-push');
    assert.ok(found.ok && found.step?.created && found.step.current);
    assert.equal(removeStep(created, found.step), '');
    for (const manager of MANAGERS) {
      for (const hook of HOOK_NAMES) {
        const command = stepCommand(manager, hook);
        assert.doesNotMatch(command, /'/, 'no single quote: it goes into YAML and sh -c quoting');
        if (manager === 'lefthook')
          assert.doesNotMatch(
            command.replace(/\{[12]\}/g, ''),
            /[{}]/,
            'no braces lefthook could read as placeholders',
          );
        const syntax = spawnSync('sh', ['-n'], { input: command.replace(/\{[12]\}/g, 'x'), encoding: 'utf8' });
        assert.equal(syntax.status, 0, `${manager} ${hook}: ${syntax.stderr}`);
      }
    }
  });

  it('an edited step is not current; repeated or unbalanced markers are refused with their lines', () => {
    const inserted = insertHuskyStep('npm test\n', 'pre-commit');
    const edited = inserted.replace('|| exit $?', '|| true');
    const found = findStep(edited, 'husky', 'pre-commit', '.husky/pre-commit');
    assert.ok(found.ok && found.step && !found.step.current);
    const twice = findStep(inserted + inserted, 'husky', 'pre-commit', '.husky/pre-commit');
    assert.ok(!twice.ok);
    assert.match(twice.reason, /^\.husky\/pre-commit: .*repeated or out of order \(lines 1, 3, 5, 7\)/);
    const half = findStep(inserted.split('\n').slice(0, 2).join('\n'), 'husky', 'pre-commit', 'f');
    assert.ok(!half.ok);
    // Another hook's step is not this hook's.
    assert.deepEqual(findStep(inserted, 'husky', 'commit-msg', 'f'), { ok: true, step: undefined });
  });

  it('lefthook: appended to the local file and back byte for byte; a local file with its own hook section is refused at its line', () => {
    const next = random(11);
    for (let i = 0; i < 300; i++) {
      const original = userText(next).replace(/^pre-commit/gm, 'x');
      const inserted = insertLefthookStep(original, 'lefthook-local.yml');
      assert.ok(inserted.ok);
      roundTrip('lefthook', undefined, original, inserted.text);
    }
    const refused = insertLefthookStep('skip_output:\n  - meta\ncommit-msg:\n  commands: {}\n', 'lefthook-local.yml');
    assert.deepEqual(
      refused.ok ? undefined : refused.reason.split(':')[0],
      'lefthook-local.yml line 3 already configures commit-msg',
    );
  });

  describe('pre-commit: a repo: local entry at the end of repos:, read back by a YAML parser', function () {
    const python = ['/usr/bin/python3', 'python3'].find((p) => (p.includes('/') ? existsSync(p) : true))!;
    const yamlReady = spawnSync(python, ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
    // Each layout, and whether its pre-commit knows the hooks' names as stages (then no deprecation warning on 4.x).
    const LAYOUTS: [string, boolean][] = [
      ['repos:\n- repo: https://example.com/a\n  rev: v1\n  hooks:\n  - id: a\n', false],
      [
        '# top\nrepos:\n  - repo: local\n    hooks:\n      - id: b\n        name: b\n        entry: b\n        language: system\n\n# trailing comment\nci:\n  autofix_prs: false\n',
        false,
      ],
      [
        'default_install_hook_types: [pre-commit, commit-msg]\nrepos:  # mine\n    - repo: meta\n      hooks:\n          - id: check-hooks-apply\nfail_fast: true',
        false,
      ],
      ['repos:\n', false],
      ['repos:\n  - repo: meta\n    hooks:\n      - id: identity\n', false],
      ['repos:\r\n  - repo: meta\r\n    hooks:\r\n      - id: identity\r\n', false],
      ['default_stages: [pre-commit]\nrepos:\n  - repo: meta\n    hooks:\n      - id: identity\n', true],
      ["minimum_pre_commit_version: '3.2.0'\nrepos:\n- repo: meta\n  hooks:\n  - id: identity\n", true],
      [
        'repos:\n  - repo: local\n    hooks:\n      - id: x\n        name: x\n        entry: x\n        language: system\n        stages: [pre-push]\n',
        true,
      ],
      ["minimum_pre_commit_version: '3.1.0'\nrepos:\n- repo: meta\n  hooks:\n  - id: identity\n", false],
    ];
    const CONFIGS = LAYOUTS.map(([text]) => text);

    it('each layout parses with the step as the last repo, the other keys kept, and uninstall gives the bytes back', function () {
      this.timeout(20_000);
      for (const original of CONFIGS) {
        const inserted = insertPreCommitStep(original, '.pre-commit-config.yaml');
        assert.ok(inserted.ok, JSON.stringify(original));
        roundTrip('pre-commit', undefined, original, inserted.text);
      }
      if (!yamlReady) {
        console.log('      SKIPPED the YAML parse: python3 with PyYAML is not installed (pre-commit brings it)');
        return;
      }
      const script = [
        'import json, sys, yaml',
        'out = []',
        'for pair in json.load(sys.stdin):',
        '  a, b = yaml.safe_load(pair[0]) or {}, yaml.safe_load(pair[1])',
        '  last = b["repos"][-1]',
        '  out.append([len(b["repos"]) - len(a.get("repos") or []), last["repo"], [h["id"] for h in last["hooks"]], [h["stages"] for h in last["hooks"]], sorted(k for k in a if k != "repos") == sorted(k for k in b if k != "repos")])',
        'print(json.dumps(out))',
      ].join('\n');
      const pairs = CONFIGS.map((c) => [c, (insertPreCommitStep(c, 'f') as { text: string }).text]);
      const parsed = spawnSync(python, ['-c', script], {
        input: JSON.stringify(pairs),
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert.equal(parsed.status, 0, parsed.stderr);
      (JSON.parse(parsed.stdout) as [number, string, string[], string[][], boolean][]).forEach(
        ([added, repo, ids, stages, keysKept], i) => {
          assert.equal(added, 1);
          assert.equal(repo, 'local');
          assert.deepEqual(ids, ['territory-pre-commit', 'territory-commit-msg', 'territory-pre-push']);
          assert.deepEqual(
            stages,
            LAYOUTS[i]![1] ? [['pre-commit'], ['commit-msg'], ['pre-push']] : [['commit'], ['commit-msg'], ['push']],
            JSON.stringify(LAYOUTS[i]![0]),
          );
          assert.ok(keysKept);
        },
      );
    });

    it('a configuration without a block repos: list is refused with what to do', () => {
      const flow = insertPreCommitStep('repos: []\n', 'f');
      assert.ok(!flow.ok);
      assert.match(flow.reason, /^f line 1: "repos:" is not a block list/);
      const none = insertPreCommitStep('fail_fast: true\n', 'f');
      assert.ok(!none.ok);
      assert.match(none.reason, /no top-level "repos:" list/);
    });
  });

  it('the block carries its format and says how it goes', () => {
    assert.match(
      stepBlock('lefthook', undefined, '', false),
      /^# >>> territory-step lefthook format 1: added by `territory hooks install`, removed by `territory hooks uninstall`\n/,
    );
  });
});
