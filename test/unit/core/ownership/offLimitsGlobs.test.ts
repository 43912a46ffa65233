// The off-limits rule is said once per file (isOffLimits) and compiled once into whole-tree entries
// (offLimitsGlobs.ts) for three tools that each read them their own way. On generated maps (nested
// domains, globs, braces, files several domains claim, handoff files, both `territory.unassigned`
// settings), every listed file is denied by each export, read as its tool reads it, exactly when
// isOffLimits says it is off-limits:
// - VS Code's files.readonlyInclude/readonlyExclude: globs relative to the folder, exclude beating
//   include (https://code.visualstudio.com/docs/editor/glob-patterns; `*` and `**` match dot
//   files there), matched here with minimatch { dot: true } and no negation or comments;
// - Claude Code's sandbox.filesystem.denyWrite: literal paths, each denying itself and everything
//   below it (glob entries are skipped on Linux: anthropics/claude-code#85072; a directory in
//   denyWrite covers its subtree); the Edit(...) permission rules with their gitignore-style paths
//   (https://code.claude.com/docs/en/permissions: `//abs`, `~/home`, `/relative-to-settings-file`)
//   are no longer written, so no rule of that syntax is checked;
// - srt's filesystem.allowWrite/denyWrite: literal paths covering their subtree, writes allowed
//   only under an allowWrite path and never under a denyWrite one (srt's README, "Configuration").
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { sandboxLimits } from '../../../../src/core/guard/claudeSandbox';
import { leadFilesOf } from '../../../../src/core/guard/controlFiles';
import { sandboxPolicy } from '../../../../src/core/guard/sandboxPolicy';
import { isOffLimits, type UnassignedPolicy } from '../../../../src/core/ownership/offLimits';
import { globsOf } from '../../../../src/core/ownership/offLimitsGlobs';
import { compilePattern } from '../../../../src/core/ownership/pattern';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { readonlyGlobs } from '../../../../src/core/readonlyGlobs';
import type { DomainMap } from '../../../../src/core/types';

/** Per generated case: three exports for every domain under both settings. */
const CASE_MS = 2_000;
const ROOT = '/nonexistent/folder';

const DIRS = ['src', 'a', 'b', 'docs', '.cfg'];
const NAMES = ['x.ts', 'y.md', 'z', 'a', '.env', 'README.md', 'HANDOFF_FROM_A.md', 'HANDOFF_FROM_B.md'];
const GLOBS = ['*', '*.md', '*.ts', '?', 'a*', '**', '{a,b}', '[ab]', '+(x|y).ts'];
const IDS = ['A', 'B', 'C', 'D'];

const segmentArb = fc.oneof(fc.constantFrom(...DIRS, ...NAMES, 'handoffs'), fc.constantFrom(...GLOBS));
const patternArb = fc
  .tuple(fc.boolean(), fc.array(segmentArb, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([anchored, segments, dirOnly]) => `${anchored ? '/' : ''}${segments.join('/')}${dirOnly ? '/' : ''}`);
const mapArb = fc
  .tuple(
    fc.array(fc.array(patternArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 }),
    fc.constantFrom('HANDOFF_FROM_{domain}.md', 'handoffs/{domain}.md', ''),
  )
  .map(([domains, handoffFile]): DomainMap => ({
    domains: domains.map((paths, i) => ({
      id: IDS[i]!,
      terminal: `T${i + 1}`,
      name: IDS[i]!,
      prefixes: [`${IDS[i]!.toLowerCase()}:`],
      rules: [],
      paths,
    })),
    handoffFile,
  }));
const fileArb = fc
  .tuple(fc.array(fc.constantFrom(...DIRS, 'a', 'handoffs'), { maxLength: 3 }), fc.constantFrom(...NAMES))
  .map(([dirs, name]) => [...dirs, name].join('/'));
/** A listing a file system can hold: no path is both a file and a folder. */
const filesArb = fc.array(fileArb, { maxLength: 25 }).map((files) => {
  const unique = [...new Set(files)];
  return unique.filter((file) => !unique.some((other) => other.startsWith(`${file}/`)));
});

const under = (entries: readonly string[], absolute: string) =>
  entries.some((entry) => absolute === entry || absolute.startsWith(`${entry}/`));
const vscodeMatch = (file: string, glob: string) =>
  minimatch(file, glob, { dot: true, nonegate: true, nocomment: true });

interface Case {
  readonly map: DomainMap;
  readonly files: readonly string[];
  readonly unassignedPolicy: UnassignedPolicy;
}

/** The first file an export gets wrong, or undefined. */
function firstMismatch(
  c: Case,
  domainId: string,
  denied: (file: string) => boolean,
  exempt: (file: string) => boolean = () => false,
): string | undefined {
  const resolver = OwnershipResolver.compile(c.map);
  for (const file of c.files) {
    if (exempt(file)) continue;
    const off = isOffLimits(resolver.resolve(file), domainId, c.unassignedPolicy);
    if (denied(file) !== off) return `${file}: ${off ? 'off-limits but not denied' : 'denied but not off-limits'}`;
  }
  return undefined;
}

function checkEveryExport(map: DomainMap, files: readonly string[]): void {
  const started = Date.now();
  const resolver = OwnershipResolver.compile(map);
  for (const unassignedPolicy of ['locked', 'shared'] as const) {
    const c: Case = { map, files, unassignedPolicy };
    const inputs = { map, resolver, files, unassignedPolicy };
    for (const domain of map.domains) {
      const where = `${domain.id}, unassigned ${unassignedPolicy}`;
      // VS Code: read-only when an include glob matches and no exclude glob does.
      const writable = ['.cfg/settings.json'];
      const readonly = readonlyGlobs(inputs, domain.id, writable);
      const readOnly = (file: string) =>
        readonly.include.some((g) => vscodeMatch(file, g)) && !readonly.exclude.some((g) => vscodeMatch(file, g));
      assert.equal(
        firstMismatch(c, domain.id, readOnly, (f) => writable.includes(f)),
        undefined,
        `files.readonlyInclude for ${where}: ${JSON.stringify(readonly)}`,
      );
      for (const file of writable) assert.ok(!readOnly(file), `${file} must stay writable`);
      // Claude Code's sandbox: denied under a denyWrite path.
      const claude = sandboxLimits(inputs, domain.id, ROOT, { gitWritable: [], gitControl: [] });
      const absolute = (file: string) => path.join(ROOT, ...file.split('/'));
      assert.equal(
        firstMismatch(c, domain.id, (file) => under(claude.denyWrite, absolute(file))),
        undefined,
        `Claude Code denyWrite for ${where}: ${JSON.stringify(claude.denyWrite)}`,
      );
      // srt: writable under an allowWrite path and under no denyWrite path; the lead's files never.
      const leadFiles = leadFilesOf(['territory.json']);
      const srt = sandboxPolicy({
        root: ROOT,
        map,
        resolver,
        domain,
        files,
        unassigned: unassignedPolicy,
        leadFiles,
        gitDirs: [],
        outside: [],
        allowedDomains: [],
      }).config.filesystem;
      const srtDenied = (file: string) =>
        !under(srt.allowWrite, absolute(file)) || under(srt.denyWrite, absolute(file));
      assert.equal(firstMismatch(c, domain.id, srtDenied), undefined, `srt for ${where}: ${JSON.stringify(srt)}`);
    }
  }
  const took = Date.now() - started;
  assert.ok(took < CASE_MS, `${took} ms for one map of ${map.domains.length} domains and ${files.length} files`);
}

describe('the off-limits rule compiled for each tool', () => {
  it('on generated maps: every export denies a listed file exactly when isOffLimits says it is off-limits', function () {
    // OFF_LIMITS_RUNS=5000 for a longer hunt.
    const numRuns = Number(process.env.OFF_LIMITS_RUNS ?? 300);
    this.timeout(numRuns * CASE_MS);
    fc.assert(
      fc.property(mapArb, filesArb, (map, files) => checkEveryExport(map, files)),
      { numRuns },
    );
  });

  // Found by the property above; each failed on the copies before the one compiler.
  it('a folder pattern where the listing has a file of that name denies nothing of that file', () => {
    // srt allowed B's `/.env/` as a folder, which let B write the unassigned file `.env`; Claude
    // Code's denyWrite denied `.env` to A, whose file it is.
    checkEveryExport(mapOf([['.env', 'src/'], ['/.env/']]), ['.env', 'src/x.ts']);
  });

  it("another domain's folder that the domain contests is not denied to it inside its own folder", () => {
    // srt denied B's `a/a/` inside A's `a/` though A's `a/a` contests every file there.
    checkEveryExport(mapOf([['/a/', '{a,b}/a'], ['{a,b}/a/']]), ['a/a/x.ts', 'a/x.ts', 'b/a/x.ts']);
  });

  it('`**/` owns what lies in folders, not the files at the root', () => {
    assert.deepEqual(globsOf(compilePattern('**/')[0]!), ['*/**']);
    assert.deepEqual(globsOf(compilePattern('**')[0]!), ['**']);
  });

  it("a domain's own folder inside another's, with a third domain's folder inside it", () => {
    const map = mapOf([['/src/'], ['/src/a/', '*.md'], ['/src/a/b/']]);
    checkEveryExport(map, ['src/x.ts', 'src/a/x.ts', 'src/a/y.md', 'src/a/b/x.ts', 'src/a/b/y.md', 'docs/y.md', 'z']);
  });

  it('a glob pattern that meets the domain’s own, and files several domains claim', () => {
    const map = mapOf([['*.md', '/docs/'], ['/docs/*.md', 'src/'], ['src/']]);
    checkEveryExport(map, [
      'docs/y.md',
      'docs/z',
      'README.md',
      'src/x.ts',
      'src/a/y.md',
      'a/src/x.ts',
      'HANDOFF_FROM_A.md',
      'HANDOFF_FROM_B.md',
    ]);
  });
});

function mapOf(paths: readonly (readonly string[])[]): DomainMap {
  return {
    domains: paths.map((p, i) => ({
      id: IDS[i]!,
      terminal: `T${i + 1}`,
      name: IDS[i]!,
      prefixes: [`${IDS[i]!.toLowerCase()}:`],
      rules: [],
      paths: [...p],
    })),
    handoffFile: 'HANDOFF_FROM_{domain}.md',
  };
}
