// A CODEOWNERS reader that follows GitHub's documented rules ("About code owners",
// docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners),
// written from that page and gitignore(5), apart from Territory's own pattern code, so the export
// is checked against what GitHub does rather than against the map reader that produced it:
// - gitignore-like patterns, except that `\#` escaping, `!` negation and `[ ]` ranges do not work
//   (a file using them is invalid: this reader throws);
// - a line starting with `#` is a comment; the last matching line wins; paths are case sensitive;
// - a pattern without a slash (a trailing one aside) matches at any depth, `/` anchors at the root;
// - `*` does not cross `/`; `**/` leading, `/**/` inside and `/**` trailing span directories;
// - a pattern matching a directory owns everything below it (`/build/logs/`, `apps/`, `**/logs`,
//   `/apps/github`), except a trailing `/*`, which owns only direct children (`docs/*`).

interface Rule {
  readonly pattern: string;
  readonly owners: readonly string[];
  readonly re: RegExp;
  readonly dirOnly: boolean;
  readonly childrenOnly: boolean;
}

function segmentSource(segment: string): string {
  let out = '';
  for (const c of segment) {
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}

function compile(pattern: string): Omit<Rule, 'owners'> {
  if (pattern.startsWith('!')) throw new Error(`${pattern}: CODEOWNERS has no negation`);
  if (/[[\]]/.test(pattern)) throw new Error(`${pattern}: CODEOWNERS has no [ ] ranges`);
  if (pattern.startsWith('\\#')) throw new Error(`${pattern}: CODEOWNERS has no \\# escape`);
  let body = pattern.replace(/\\(.)/g, '$1');
  const dirOnly = body.endsWith('/');
  if (dirOnly) body = body.slice(0, -1);
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  const segments = body.split('/');
  let source = anchored ? '^' : '^(?:.*/)?';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      source += last ? '.*' : '(?:.*/)?';
      return;
    }
    source += segmentSource(segment) + (last ? '' : '/');
  });
  return {
    pattern,
    re: new RegExp(`${source}$`),
    dirOnly,
    childrenOnly: segments.at(-1) === '*' && segments.length > 1,
  };
}

/** Splits a line into its pattern and owners; spaces in a pattern are escaped with `\`. */
function splitLine(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '\\' && i + 1 < line.length) {
      current += c + line.charAt(++i);
    } else if (c === ' ' || c === '\t') {
      if (current !== '') parts.push(current);
      current = '';
    } else current += c;
  }
  if (current !== '') parts.push(current);
  return parts;
}

export function parseCodeowners(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [pattern, ...owners] = splitLine(trimmed);
    if (pattern === undefined) continue;
    const inline = owners.findIndex((o) => o.startsWith('#'));
    rules.push({ ...compile(pattern), owners: inline < 0 ? owners : owners.slice(0, inline) });
  }
  return rules;
}

function matches(rule: Rule, file: string): boolean {
  const parts = file.split('/');
  if (!rule.dirOnly && rule.re.test(file)) return true;
  if (rule.childrenOnly) return false;
  // A directory the pattern matches owns everything below it.
  for (let n = parts.length - 1; n >= 1; n--) if (rule.re.test(parts.slice(0, n).join('/'))) return true;
  return false;
}

/** The owners GitHub asks for `file`: the last matching line's (none when no line matches). */
export function githubOwners(
  rules: readonly Rule[],
  file: string,
): { owners: readonly string[]; line: string | undefined } {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i] as Rule;
    if (matches(rule, file)) return { owners: rule.owners, line: rule.pattern };
  }
  return { owners: [], line: undefined };
}
