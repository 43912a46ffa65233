// `node scripts/icon.mjs`: media/icon.png, the Marketplace and Extensions-view icon (128×128 PNG;
// vsce refuses an SVG icon), drawn from media/territory.svg: the shield and its cross on a dark
// tile, the four quarters in four domain colours. Rendered by Debian's Chromium through
// playwright-core (both already used by the demo), so nothing is downloaded. The PNG is committed;
// run this again after changing media/territory.svg or the colours below.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const SIZE = 128;
/** The tile; package.json's galleryBanner uses the same colour. */
const TILE = '#1e2a3a';
const QUARTERS = ['#3b82f6', '#22c55e', '#f59e0b', '#a855f7'];

const svg = readFileSync(path.join('media', 'territory.svg'), 'utf8');
const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);
if (paths.length !== 2)
  throw new Error(`media/territory.svg: expected the shield and its cross (two paths), found ${paths.length}`);
const [shield, cross] = paths;

// The shield spans x 4..20 and y 2.5..21.5 of the 24-unit icon: ×4 and moved by 16 it is centred.
const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs><clipPath id="shield"><path d="${shield}"/></clipPath></defs>
  <rect width="${SIZE}" height="${SIZE}" rx="26" fill="${TILE}"/>
  <g transform="translate(16 16) scale(4)">
    <g clip-path="url(#shield)">
      <rect x="0" y="0" width="12" height="11.5" fill="${QUARTERS[0]}"/>
      <rect x="12" y="0" width="12" height="11.5" fill="${QUARTERS[1]}"/>
      <rect x="0" y="11.5" width="12" height="12.5" fill="${QUARTERS[2]}"/>
      <rect x="12" y="11.5" width="12" height="12.5" fill="${QUARTERS[3]}"/>
    </g>
    <path d="${shield}" fill="none" stroke="#ffffff" stroke-width="1.3" stroke-linejoin="round"/>
    <path d="${cross}" fill="none" stroke="#ffffff" stroke-width="1.3"/>
  </g>
</svg>`;

const executable = process.env.TERRITORY_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executable))
  throw new Error(
    `no Chromium at ${executable}: run \`bash scripts/install-vscode-server.sh\` (installs Debian's chromium) or set TERRITORY_CHROMIUM`,
  );
const browser = await chromium.launch({
  executablePath: executable,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${icon}</body></html>`);
  const out = path.join('media', 'icon.png');
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`${out}: ${SIZE}×${SIZE}`);
} finally {
  await browser.close();
}
