// `npm run package`: territory-<version>.vsix through @vscode/vsce, then checks what went in: only
// what runs and what the details page shows, the icon, every picture the walkthrough uses, no
// source map, bundles within budget, categories VS Code knows, and a README whose pictures and
// links all work on the details page (scripts/detailsPage.mjs). Prints the package's size and file
// list. `--out FILE` writes the .vsix elsewhere; `--base-url URL` is the repository's address for
// the README's relative links and pictures when package.json names no `repository`.
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
import { detailsPageProblems, markdownLinks, repositoryAddress, withoutUnreachableLinks } from './detailsPage.mjs';
import { readVsix } from './vsix.mjs';

/**
 * The production bundles' budgets: dist/extension.js loads in every window (the dormant loader),
 * dist/territory.js only where there is a map. territory.js: 310 KB with the live listing (#18),
 * 340 KB with mission control and the Session Board (#16, about 15 KB), 380 KB with the hook
 * managers' step editors, the control files, Claude Code's sandbox limits, the signed test record
 * and the sandboxed terminals (#25, #26: 372 KB); 400 KB with the commitlint plugin's text and the
 * Gemini and Codex guard exports (385 KB); 440 KB with the Finish Session checklist, the report
 * previews, the first-run map proposal, folder owners, the editor's owner CodeLens and the
 * transcripts' tokens and cost (#27, #28: 415 KB); 470 KB once Launch writes and checks every
 * agent's guard itself (the Gemini, Codex and Copilot project hooks and their canaries, Codex's
 * trust through its app-server: 439.5 KB).
 */
const BUNDLE_BUDGETS = { 'dist/extension.js': 64 * 1024, 'dist/territory.js': 470 * 1024 };

/**
 * The categories VS Code 1.139 accepts (EXTENSION_CATEGORIES in its
 * src/vs/platform/extensions/common/extensions.ts, as found in the server's out/server-main.js);
 * the Extensions view filters by them and the Marketplace lists by them.
 */
const CATEGORIES = [
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Extension Packs',
  'Education',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
  'Other',
];

const { values } = parseArgs({ options: { out: { type: 'string' }, 'base-url': { type: 'string' } } });
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = path.resolve(values.out ?? `${pkg.name}-${pkg.version}.vsix`);
const baseUrl = values['base-url'] ?? repositoryAddress(pkg);

const walkthrough = walkthroughMedia(pkg);
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
  ...(typeof pkg.icon === 'string' ? [path.posix.normalize(pkg.icon)] : []),
  ...walkthrough,
]);
/**
 * Whether the package will hold a file the README links to, by its exact name: vsce renames
 * README.md and CHANGELOG.md to readme.md and changelog.md inside, so a link to them breaks there.
 */
const ships = (file) => {
  const name = path.posix.normalize(file.replace(/^\.\//, ''));
  return expected.has(name) || name.startsWith('media/');
};

const problems = [];
if (typeof pkg.icon !== 'string' || !pkg.icon.endsWith('.png'))
  problems.push('package.json names no PNG icon (the Marketplace needs 128×128 or larger; vsce refuses SVG)');
for (const category of pkg.categories ?? [])
  if (!CATEGORIES.includes(category))
    problems.push(`category "${category}" is not one VS Code knows (${CATEGORIES.join(', ')})`);

// The bundles carry their dependencies, so vsce must not add node_modules. With a repository
// address vsce rewrites the README's relative links and pictures to it; without one the staged
// README keeps no picture the details page cannot show and no link that leads nowhere.
const stage = mkdtempSync(path.join(tmpdir(), 'territory-package-'));
try {
  for (const name of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media', 'docs'])
    cpSync(name, path.join(stage, name), { recursive: true });
  if (!baseUrl) {
    const readme = withoutUnreachableLinks(readFileSync('README.md', 'utf8'), ships);
    writeFileSync(path.join(stage, 'README.md'), readme.text);
    if (readme.changes.length > 0)
      console.log(
        `package: no repository address (package.json \`repository\` or --base-url), so the packaged README has:\n  ${readme.changes.join('\n  ')}`,
      );
  }
  const { 'vscode:prepublish': prepublish, ...scripts } = pkg.scripts ?? {};
  if (!prepublish) fail('package.json has no vscode:prepublish script');
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`);
  run(
    process.execPath,
    [path.join('scripts', 'build.mjs'), '--production', '--dist', path.join(stage, 'dist')],
    process.cwd(),
    'the production build',
  );
  const vsce = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
  const links = baseUrl
    ? values['base-url']
      ? ['--baseContentUrl', baseUrl, '--baseImagesUrl', baseUrl]
      : []
    : ['--no-rewrite-relative-links', '--allow-missing-repository'];
  run(process.execPath, [vsce, 'package', '--no-dependencies', ...links, '--out', out], stage, 'vsce package');
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const entries = readVsix(out).filter((e) => e.name.startsWith('extension/'));
const files = new Map(entries.map((e) => [e.name.slice('extension/'.length), e]));

const packagedReadme = files.get('readme.md')?.read().toString('utf8') ?? '';
const inPackage = (file) => files.has(path.posix.normalize(file.replace(/^\.\//, '')));
problems.push(...detailsPageProblems(packagedReadme, inPackage));
for (const picture of walkthrough)
  if (!files.has(picture)) problems.push(`${picture} is shown by the walkthrough but is not in the package`);
for (const name of files.keys()) {
  if (!expected.has(name) && !name.startsWith('media/'))
    problems.push(`${name} is in the package but neither runs nor is shown`);
  if (name.endsWith('.map')) problems.push(`${name}: a source map in the package`);
  if (name.endsWith('.js') && /sourceMappingURL/.test(files.get(name).read().toString('utf8')))
    problems.push(`${name} names a source map`);
}
for (const name of expected)
  if (!files.has(name) && !walkthrough.includes(name)) problems.push(`${name} is missing from the package`);
for (const [name, budget] of Object.entries(BUNDLE_BUDGETS)) {
  const size = files.get(name)?.size ?? 0;
  if (size > budget) problems.push(`${name} is ${kb(size)}, over its ${kb(budget)} budget`);
}

const shown = out.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), out) : out;
console.log(`\n${shown}: ${kb(statSync(out).size)}, ${files.size} files`);
for (const [name, entry] of [...files].sort(([a], [b]) => a.localeCompare(b)))
  console.log(`  ${name.padEnd(40)} ${kb(entry.size).padStart(9)}`);
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

/** Relative pictures of a markdown file, as paths from the package root. */
function markdownPictures(file) {
  const links = markdownLinks(readFileSync(file, 'utf8')).filter((l) => l.image && !/^[a-z]+:/i.test(l.target));
  return links.map((l) => path.posix.normalize(path.posix.join(path.posix.dirname(file), l.target)));
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
      if (typeof markdown === 'string' && existsSync(markdown)) media.push(...markdownPictures(markdown));
    }
  }
  return [...new Set(media)];
}
