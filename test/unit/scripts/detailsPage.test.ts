import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

interface DetailsPage {
  detailsPageProblems(text: string, packaged: (file: string) => boolean): string[];
  withoutUnreachableLinks(text: string, packaged: (file: string) => boolean): { text: string; changes: string[] };
  headingAnchors(text: string): Set<string>;
  repositoryAddress(manifest: unknown): string | undefined;
}

const root = path.resolve(__dirname, '..', '..', '..', '..');
const load = async (): Promise<DetailsPage> =>
  (await import(pathToFileURL(path.join(root, 'scripts', 'detailsPage.mjs')).href)) as DetailsPage;
const shipped = new Set(['media/icon.png', 'LICENSE.txt']);
const packaged = (file: string) => shipped.has(file);

// The README as the details page shows it (scripts/package.mjs): the "two broken pictures"
// and the link to ARCHITECTURE.md, which is not in the package.
describe('the packaged README (scripts/detailsPage.mjs)', () => {
  const readme = [
    '# Territory',
    '',
    '![The Explorer](docs/screenshot-core.png)',
    '',
    'See [ARCHITECTURE.md](ARCHITECTURE.md) and the [licence](LICENSE.txt), then [Install](#install).',
    '',
    '## Install',
    '',
    '`[not a link](nowhere.md)` and <img src="docs/b.png"> and [gone](#no-such-section).',
    '',
    '```md',
    '![in a fence](docs/c.png)',
    '```',
    '',
  ].join('\n');

  it('names every picture the page cannot show and every link that leads nowhere', async () => {
    const { detailsPageProblems } = await load();
    const problems = detailsPageProblems(readme, packaged);
    assert.deepEqual(problems, [
      "the README's picture docs/screenshot-core.png will not show on the details page (only https:// pictures do)",
      "the README's link ARCHITECTURE.md names a file that is not in the package",
      "the README's picture docs/b.png will not show on the details page (only https:// pictures do)",
      "the README's link #no-such-section names no heading of the README",
    ]);
  });

  it('without a repository address: pictures left out with their line, unreachable links kept as text', async () => {
    const { detailsPageProblems, withoutUnreachableLinks } = await load();
    const { text, changes } = withoutUnreachableLinks(readme, packaged);
    assert.ok(!text.includes('screenshot-core.png') && !text.includes('<img'), text);
    assert.ok(text.includes('See ARCHITECTURE.md and the [licence](LICENSE.txt)'), text);
    assert.ok(
      text.includes('![in a fence](docs/c.png)') && text.includes('`[not a link](nowhere.md)`'),
      'code is left as it is',
    );
    assert.ok(!/\n\n\n/.test(text), 'a picture alone on its line goes with the line');
    assert.deepEqual(changes, [
      'picture docs/screenshot-core.png left out',
      'link to ARCHITECTURE.md kept as text',
      'picture docs/b.png left out',
    ]);
    assert.deepEqual(detailsPageProblems(text, packaged), [
      "the README's link #no-such-section names no heading of the README",
    ]);
  });

  it('accepts https pictures and links, refuses SVG pictures', async () => {
    const { detailsPageProblems } = await load();
    assert.deepEqual(
      detailsPageProblems('![a](https://example.com/raw/HEAD/a.png) [b](https://example.com/blob/HEAD/B.md)', packaged),
      [],
    );
    assert.equal(detailsPageProblems('![a](https://example.com/a.svg)', packaged).length, 1);
  });

  it('anchors as GitHub makes them, repeated headings numbered', async () => {
    const { headingAnchors } = await load();
    assert.deepEqual(
      [...headingAnchors('# Territory\n## Restricted Mode (untrusted workspaces)\n## Install\n## Install\n')],
      ['territory', 'restricted-mode-untrusted-workspaces', 'install', 'install-1'],
    );
  });

  it("this repository's README, as packaged without a repository address, has no problem", async () => {
    const { detailsPageProblems, withoutUnreachableLinks, repositoryAddress } = await load();
    const text = readFileSync(path.join(root, 'README.md'), 'utf8');
    const ships = (file: string) => file.startsWith('media/') || file === 'LICENSE';
    assert.deepEqual(detailsPageProblems(withoutUnreachableLinks(text, ships).text, ships), []);
    assert.equal(
      repositoryAddress({ repository: { url: 'git+https://github.com/o/r.git' } }),
      'https://github.com/o/r',
    );
    assert.equal(repositoryAddress({}), undefined);
  });
});
