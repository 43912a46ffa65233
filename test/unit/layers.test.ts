import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';

const SRC = path.join(REPO_ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** Every relative import of every file in src, type-only imports included (a type cycle is still a knot). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*'(\.{1,2}\/[^']+)'/g)) {
      const base = path.resolve(path.dirname(file), match[1] ?? '');
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (target) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (state.get(node) !== undefined) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the layers of src', () => {
  it('have no import cycle', () => {
    const graph = importGraph();
    assert.ok(graph.size > 100, `read ${graph.size} files`);
    const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
    assert.ok(edges > 400, `read ${edges} imports (multi-line imports must be read too)`);
    const cycle = findCycle(graph);
    assert.equal(
      cycle,
      undefined,
      `import cycle: ${(cycle ?? []).map((f) => path.relative(REPO_ROOT, f)).join(' → ')}`,
    );
  });

  it('the cycle finder finds a cycle (the test above can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', []],
    ]);
    assert.deepEqual(findCycle(graph), ['a', 'b', 'c', 'a']);
  });

  it('import only downwards: core imports no git, cli or features; git and cli no features', () => {
    const layer = (file: string) => path.relative(SRC, file).split(path.sep)[0] ?? '';
    const allowed: Record<string, readonly string[]> = {
      core: ['core'],
      git: ['core', 'git'],
      cli: ['core', 'git', 'cli'],
    };
    const wrong: string[] = [];
    for (const [file, targets] of importGraph()) {
      const own = allowed[layer(file)];
      if (!own) continue;
      for (const target of targets)
        if (!own.includes(layer(target)))
          wrong.push(`${path.relative(REPO_ROOT, file)} → ${path.relative(REPO_ROOT, target)}`);
    }
    assert.deepEqual(wrong, []);
  });
});
