// dist/check.js, what the git hooks run: the check's bundle (dist/check-bundle.js, from
// checkMain.ts) with V8's code cache (codeCache.ts). The build states the bundle's digest.
import * as path from 'node:path';
import { runWithCodeCache } from './codeCache';

declare const TERRITORY_BUNDLE_DIGEST: string;

runWithCodeCache(path.join(__dirname, 'check-bundle.js'), TERRITORY_BUNDLE_DIGEST, module, require);
