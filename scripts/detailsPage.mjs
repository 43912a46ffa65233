// The README as the details page shows it (Extensions view, Marketplace): what scripts/package.mjs
// puts into the .vsix and then checks. VS Code shows README pictures there only from https://
// addresses, and a relative link there leads nowhere unless vsce rewrote it to the repository.
// So: with a repository (package.json `repository`, or --base-url) vsce rewrites relative links
// and pictures to it (blob/HEAD and raw/HEAD for GitHub); without one, the staged README loses its
// relative pictures and keeps the text of links to files that are not in the package.

/** Markdown links and pictures outside code: `[text](target)` / `![alt](target)`, with their place. */
export function markdownLinks(text) {
  const links = [];
  for (const { start, end } of proseRanges(text)) {
    const part = text.slice(start, end);
    for (const m of part.matchAll(/(!?)\[([^\]\n]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      links.push({ image: m[1] === '!', text: m[2], target: m[3], index: start + m.index, length: m[0].length });
    }
    for (const m of part.matchAll(/<img[^>]+src=["']([^"']+)["'][^>]*>/g))
      links.push({ image: true, text: '', target: m[1], index: start + m.index, length: m[0].length });
  }
  return links.sort((a, b) => a.index - b.index);
}

/** Parts of a markdown text outside fenced code blocks and inline code spans. */
function proseRanges(text) {
  const ranges = [];
  let at = 0;
  for (const m of text.matchAll(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm)) {
    ranges.push(...outsideCodeSpans(text, at, m.index));
    at = m.index + m[0].length;
  }
  ranges.push(...outsideCodeSpans(text, at, text.length));
  return ranges;
}

function outsideCodeSpans(text, start, end) {
  const ranges = [];
  let at = start;
  for (const m of text.slice(start, end).matchAll(/`+[^`]*?`+/g)) {
    ranges.push({ start: at, end: start + m.index });
    at = start + m.index + m[0].length;
  }
  ranges.push({ start: at, end });
  return ranges;
}

export function isAbsolute(target) {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/** GitHub's heading anchors (what `#section` links in the README point at). */
export function headingAnchors(text) {
  const anchors = new Set();
  const seen = new Map();
  for (const { start, end } of proseRanges(text)) {
    for (const m of text.slice(start, end).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
      const base = m[1]
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
  }
  return anchors;
}

/**
 * The README for a package without a repository to point links at: relative pictures dropped
 * (with the line, when the picture was alone on it), links to files not in the package reduced
 * to their text. Returns the new text and what was changed.
 */
export function withoutUnreachableLinks(text, packaged) {
  const changes = [];
  let result = '';
  let at = 0;
  for (const link of markdownLinks(text)) {
    if (isAbsolute(link.target) || link.target.startsWith('#')) continue;
    const file = link.target.split('#')[0];
    if (!link.image && packaged(file)) continue;
    result += text.slice(at, link.index);
    at = link.index + link.length;
    if (link.image) {
      changes.push(`picture ${link.target} left out`);
      // A picture alone on its line goes with its line.
      const lineStart = result.lastIndexOf('\n') + 1;
      if (result.slice(lineStart).trim() === '' && /^[ \t]*(\n|$)/.test(text.slice(at))) {
        result = result.slice(0, lineStart);
        at = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at) + 1;
        // Between two blank lines, one of them goes too.
        if (/(^|\n)\n$/.test(result) && text[at] === '\n') at += 1;
      }
    } else {
      changes.push(`link to ${link.target} kept as text`);
      result += link.text;
    }
  }
  return { text: result + text.slice(at), changes };
}

/**
 * What is wrong with the README in the package: a picture not from https, a relative link to a
 * file that is not in the package, a `#section` link to no heading.
 */
export function detailsPageProblems(text, packaged) {
  const problems = [];
  const anchors = headingAnchors(text);
  for (const link of markdownLinks(text)) {
    const what = `${link.image ? 'picture' : 'link'} ${link.target}`;
    if (link.image) {
      if (!/^https:\/\//i.test(link.target))
        problems.push(`the README's ${what} will not show on the details page (only https:// pictures do)`);
      else if (/\.svg(\?|#|$)/i.test(link.target))
        problems.push(`the README's ${what}: vsce refuses SVG pictures from most hosts`);
      continue;
    }
    if (link.target.startsWith('#')) {
      if (!anchors.has(decodeURIComponent(link.target.slice(1))))
        problems.push(`the README's ${what} names no heading of the README`);
      continue;
    }
    if (isAbsolute(link.target)) continue;
    const file = link.target.split('#')[0];
    if (!packaged(file)) problems.push(`the README's ${what} names a file that is not in the package`);
  }
  return problems;
}

/** The https address of the repository package.json names (string or { url }), without `git+` and `.git`. */
export function repositoryAddress(manifest) {
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (typeof repository !== 'string' || repository.trim() === '') return undefined;
  return repository
    .trim()
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');
}
