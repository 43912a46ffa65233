// `npm run package`: territory-<version>.vsix through @vscode/vsce, then checks what went in: only
// what runs and what the details page shows, every picture the README and the walkthrough use, no
// source map, bundles within budget. Prints the package's size and file list. `--out FILE` writes
// the .vsix elsewhere.
//
// It packages a staged copy: the production build (what `vscode:prepublish` runs when vsce is
// called in the repository itself) goes into the stage's dist/, so a development build running at
// the same time (tests, the demo) can neither be overwritten by it nor end up in the package.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readVsix } from './vsix.mjs';

/**
 * The production bundles' budgets: dist/extension.js loads in every window (the dormant loader),
 * dist/territory.js only where there is a map. territory.js: 310 KB with the live listing (#18),
 * 340 KB with mission control and the Session Board (#16, about 15 KB), 380 KB with the hook
 * managers' step editors, the control files, Claude Code's sandbox limits, the signed test record
 * and the sandboxed terminals (#25, #26: 372 KB); 400 KB with the commitlint plugin's text and the
 * Gemini and Codex guard exports (385 KB).
 */
const BUNDLE_BUDGETS = { 'dist/extension.js': 64 * 1024, 'dist/territory.js': 400 * 1024 };

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = path.resolve(values.out ?? `${pkg.name}-${pkg.version}.vsix`);

// The bundles carry their dependencies, so vsce must not add node_modules; the README keeps its
// relative picture links (there is no public repository to point them at): VS Code shows the
// pictures from the installed extension's own folder, where .vscodeignore lets them in.
const stage = mkdtempSync(path.join(tmpdir(), 'territory-package-'));
try {
  for (const name of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media', 'docs']) cpSync(name, path.join(stage, name), { recursive: true });
  const { 'vscode:prepublish': prepublish, ...scripts } = pkg.scripts ?? {};
  if (!prepublish) fail('package.json has no vscode:prepublish script');
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`);
  run(process.execPath, [path.join('scripts', 'build.mjs'), '--production', '--dist', path.join(stage, 'dist')], process.cwd(), 'the production build');
  const vsce = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', out], stage, 'vsce package');
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const entries = readVsix(out).filter((e) => e.name.startsWith('extension/'));
const files = new Map(entries.map((e) => [e.name.slice('extension/'.length), e]));
const problems = [];

const pictures = [...readmePictures('README.md'), ...walkthroughMedia(pkg)];
for (const picture of pictures) if (!files.has(picture)) problems.push(`${picture} is shown by the README or the walkthrough but is not in the package`);
const expected = new Set([
  'package.json',
  'readme.md',
  'changelog.md',
  'LICENSE.txt',
  'dist/extension.js',
  'dist/territory.js',
  'dist/cli.js',
  'dist/pre-tool-use.js',
  'dist/check.js',
  'dist/check-bundle.js',
  'dist/event.js',
  'dist/THIRD_PARTY_NOTICES.txt',
  ...pictures,
]);
for (const name of files.keys()) {
  if (!expected.has(name) && !name.startsWith('media/')) problems.push(`${name} is in the package but neither runs nor is shown`);
  if (name.endsWith('.map')) problems.push(`${name}: a source map in the package`);
  if (name.endsWith('.js') && /sourceMappingURL/.test(files.get(name).read().toString('utf8'))) problems.push(`${name} names a source map`);
}
for (const name of expected) if (!files.has(name) && !pictures.includes(name)) problems.push(`${name} is missing from the package`);
for (const [name, budget] of Object.entries(BUNDLE_BUDGETS)) {
  const size = files.get(name)?.size ?? 0;
  if (size > budget) problems.push(`${name} is ${kb(size)}, over its ${kb(budget)} budget`);
}

const shown = out.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), out) : out;
console.log(`\n${shown}: ${kb(statSync(out).size)}, ${files.size} files`);
for (const [name, entry] of [...files].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${name.padEnd(40)} ${kb(entry.size).padStart(9)}`);
if (problems.length > 0) fail(`the package is not right:\n  ${problems.join('\n  ')}`);

function run(command, args, cwd, what) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) fail(`${what} failed (exit ${result.status ?? result.signal})`);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

/** Relative pictures of a markdown file (`![..](path)`, `<img src>`), as paths from the package root. */
function readmePictures(file) {
  const text = readFileSync(file, 'utf8');
  const links = [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...text.matchAll(/<img[^>]+src=["']([^"']+)["']/g)].map((m) => m[1]);
  return links.filter((l) => !/^[a-z]+:/i.test(l)).map((l) => path.posix.normalize(path.posix.join(path.posix.dirname(file), l)));
}

/** The walkthrough's media files and the pictures its markdown pages show. */
function walkthroughMedia(manifest) {
  const media = [];
  for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
    for (const step of walkthrough.steps ?? []) {
      const { image, markdown, svg } = step.media ?? {};
      for (const file of [...(typeof image === 'string' ? [image] : Object.values(image ?? {})), svg, markdown]) {
        if (typeof file === 'string') media.push(path.posix.normalize(file));
      }
      if (typeof markdown === 'string' && existsSync(markdown)) media.push(...readmePictures(markdown));
    }
  }
  return [...new Set(media)];
}
