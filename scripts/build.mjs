// Bundles the extension and the CLI into dist/, and transpiles sources and tests into out/
// (one file per source file) so mocha and the extension host can load tests directly.
//
// --production (the `vscode:prepublish` of `npm run package`): only the two bundles, minified,
// without source maps, as they ship in the .vsix; out/ is left alone.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, readdirSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const production = process.argv.includes('--production');
// --dist DIR: the bundles elsewhere (npm run bench times a production CLI without touching dist/).
const distArg = process.argv.indexOf('--dist');
const dist = distArg === -1 ? 'dist' : process.argv[distArg + 1];

function tsFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...tsFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

// jsonc-parser's UMD build hides its requires from bundlers: prefer the ESM entry points.
const common = {
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
};

const bundles = { ...common, bundle: true, minify: production, legalComments: production ? 'none' : 'inline' };
// A production build must not leave a development build's maps behind in dist/.
if (production && existsSync(dist))
  for (const name of readdirSync(dist)) if (name.endsWith('.map')) rmSync(join(dist, name));
if (!production) rmSync('out', { recursive: true, force: true });
// The extension is two bundles: dist/extension.js (src/loader.ts, the entry point: dormant in a
// window without a map) loads dist/territory.js (src/extension.ts, everything else) when needed.
// Each one's first line notes when its code began to run (wall clock and CPU time), for the
// activation figures they log.
const loadStart = {
  js: '"use strict";var __territoryLoadStart=performance.now(),__territoryLoadCpu=process.threadCpuUsage?process.threadCpuUsage():process.cpuUsage();',
};
const territoryBundle = {
  name: 'territory-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/extension$/, namespace: 'file' }, (args) =>
      args.importer.endsWith(join('src', 'loader.ts')) ? { path: './territory.js', external: true } : undefined,
    );
  },
};
const [loader, extension, cli, hook, check, event] = await Promise.all([
  esbuild.build({
    ...bundles,
    entryPoints: ['src/loader.ts'],
    outfile: join(dist, 'extension.js'),
    external: ['vscode'],
    metafile: true,
    plugins: [territoryBundle],
    supported: { 'dynamic-import': false },
    banner: loadStart,
  }),
  esbuild.build({
    ...bundles,
    entryPoints: ['src/extension.ts'],
    outfile: join(dist, 'territory.js'),
    external: ['vscode'],
    metafile: true,
    banner: loadStart,
  }),
  esbuild.build({
    ...bundles,
    entryPoints: ['src/cli/main.ts'],
    outfile: join(dist, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
    metafile: true,
  }),
  // The agent guard's hook runs before every write of every agent: a bundle of only what it needs.
  esbuild.build({
    ...bundles,
    entryPoints: ['src/cli/preToolUse.ts'],
    outfile: join(dist, 'pre-tool-use.js'),
    metafile: true,
  }),
  // The git hooks' check runs in every commit and push of every domain terminal: its own bundle too,
  // which dist/check.js runs with V8's code cache (src/cli/checkEntry.ts, built below).
  esbuild.build({
    ...bundles,
    entryPoints: ['src/cli/checkMain.ts'],
    outfile: join(dist, 'check-bundle.js'),
    metafile: true,
  }),
  // The Session Board's event hook runs on every hook event of every agent: a bundle of its own too.
  esbuild.build({ ...bundles, entryPoints: ['src/cli/event.ts'], outfile: join(dist, 'event.js'), metafile: true }),
  ...(production
    ? []
    : [
        esbuild.build({
          ...common,
          entryPoints: [...tsFiles('src'), ...tsFiles('test')],
          bundle: false,
          outdir: 'out',
          outbase: '.',
        }),
      ]),
]);
// The entry states the bundle's digest: its code cache must never be taken for another build's.
const checkDigest = createHash('sha256')
  .update(readFileSync(join(dist, 'check-bundle.js')))
  .digest('hex');
await esbuild.build({
  ...bundles,
  entryPoints: ['src/cli/checkEntry.ts'],
  outfile: join(dist, 'check.js'),
  define: { TERRITORY_BUNDLE_DIGEST: JSON.stringify(checkDigest) },
});
writeFileSync(
  join(dist, 'THIRD_PARTY_NOTICES.txt'),
  notices([loader.metafile, extension.metafile, cli.metafile, hook.metafile, check.metafile, event.metafile]),
);

/** The licence of every npm package bundled into dist/, which their licences ask to ship with it. */
function notices(metafiles) {
  const packages = new Set();
  for (const input of metafiles.flatMap((m) => Object.keys(m.inputs))) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((name) => {
    const dir = join('node_modules', name);
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    if (!file) throw new Error(`${name} is bundled but has no licence file to ship`);
    return `${name} ${version} (${license})\n\n${readFileSync(join(dir, file), 'utf8').trim()}\n`;
  });
  // The Session Board draws its state icons from codicon paths copied into media/sessionBoardIcons.js.
  const codicons =
    '@vscode/codicons 0.0.45 (CC-BY-4.0): the icon paths in media/sessionBoardIcons.js, unchanged.\n' +
    '(c) Microsoft Corporation, https://github.com/microsoft/vscode-codicons, licensed under the Creative Commons\n' +
    'Attribution 4.0 International licence, https://creativecommons.org/licenses/by/4.0/\n';
  return `Territory bundles these npm packages into dist/extension.js, dist/territory.js, dist/cli.js, dist/pre-tool-use.js, dist/check-bundle.js and dist/event.js.\n\n${sections.join('\n---\n\n')}\n---\n\n${codicons}`;
}
