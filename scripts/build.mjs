// Bundles the extension and the CLI into dist/, and transpiles sources and tests into out/
// (one file per source file) so mocha and the extension host can load tests directly.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');

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
const common = { platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, logLevel: 'warning', mainFields: ['module', 'main'] };

rmSync('out', { recursive: true, force: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/extension.ts'], bundle: true, outfile: 'dist/extension.js', external: ['vscode'], minify: production }),
  esbuild.build({ ...common, entryPoints: ['src/cli.ts'], bundle: true, outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, minify: production }),
  esbuild.build({ ...common, entryPoints: [...tsFiles('src'), ...tsFiles('test')], bundle: false, outdir: 'out', outbase: '.' }),
]);
