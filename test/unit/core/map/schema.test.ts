import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/map';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  items?: Schema;
  definitions?: Record<string, Schema>;
};

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'media', 'territory.schema.json'), 'utf8')) as Schema;
const domain = schema.definitions!.domain;

/** VS Code compiles schema patterns with the unicode flag. */
function pattern(s: Schema): RegExp {
  return new RegExp(s.pattern as string, 'u');
}

describe('territory.schema.json', () => {
  it('is draft-07, closed, and describes every property', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const visit = (s: Schema, path: string) => {
      if (s.type === 'object') assert.equal(s.additionalProperties, false, `${path} is not closed`);
      for (const [key, child] of Object.entries(s.properties ?? {})) {
        assert.ok(
          typeof child.description === 'string' && child.description.length > 10,
          `${path}.${key} has no description`,
        );
        visit(child, `${path}.${key}`);
      }
      if (s.items && !('$ref' in s.items)) visit(s.items, `${path}[]`);
    };
    visit(schema, '$');
    visit(domain, 'domain');
    assert.deepEqual(Object.keys(schema.properties!), [
      '$schema',
      'project',
      'branch',
      'agentsPerTerminal',
      'domains',
      'handoffs',
    ]);
    assert.deepEqual(Object.keys(domain.properties!), ['id', 'terminal', 'name', 'paths', 'prefixes', 'rules']);
    assert.deepEqual(domain.required, ['id', 'terminal', 'paths', 'prefixes']);
  });

  it('id pattern: identifiers only (lower case is left to the reader, which upper-cases it)', () => {
    const re = pattern(domain.properties!.id);
    for (const ok of ['CORE', 'API_2', 'core']) assert.ok(re.test(ok), ok);
    for (const bad of ['my-domain', 'A.B', 'A B', '../X', '1A', '', 'A'.repeat(33)]) assert.ok(!re.test(bad), bad);
  });

  it('path pattern: relative patterns only; a leading "/" is allowed', () => {
    const re = pattern(domain.properties!.paths.items!);
    for (const ok of ['backend/app/models/', '/*.md', 'docs/', '..md', 'a..b/']) assert.ok(re.test(ok), ok);
    for (const bad of [
      '..',
      '../x',
      'a/../b',
      'C:\\x',
      'c:/x',
      '\\\\server\\s',
      '//server/s',
      '~/x',
      '~',
      'a\\b',
      '',
      ' ',
    ])
      assert.ok(!re.test(bad), bad);
  });

  it('prefix, terminal and handoff file patterns', () => {
    const prefix = pattern(domain.properties!.prefixes.items!);
    assert.ok(prefix.test('core:') && prefix.test('core: ') && !prefix.test('co re:') && !prefix.test(''));
    const terminal = pattern(domain.properties!.terminal);
    assert.ok(terminal.test('T1') && !terminal.test('T 1'));
    const file = pattern(schema.properties!.handoffs.properties!.file);
    assert.ok(file.test('HANDOFF_FROM_{domain}.md') && file.test('handoffs/{domain}.md'));
    for (const bad of ['HANDOFF.md', '../{domain}.md', '/x/{domain}.md', 'C:/{domain}.md'])
      assert.ok(!file.test(bad), bad);
  });
});
