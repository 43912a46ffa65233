// Small helpers for the reports' markdown: text from git and handoff files must not turn into markup.

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Where a report's file:line locations point when it is shown in the editor (a URL for the file,
 * at the line when given); undefined leaves the location as plain code (the pull request's text).
 */
export type LinkTo = (path: string, line?: number) => string | undefined;

/** A location as inline code, linked when `link` gives it a URL: `[`HANDOFF_FROM_CORE.md:6`](file:///…#L6)`. */
export function location(path: string, line: number | undefined, link: LinkTo | undefined): string {
  const text = code(line === undefined ? path : `${path}:${line}`);
  const url = link?.(path, line);
  return url === undefined ? text : `[${text}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

/** `path` as a relative path inside the folder, or undefined when it leaves it (absolute, `..`) or is empty. */
export function insidePath(path: string): string | undefined {
  const parts: string[] = [];
  if (/^([a-zA-Z]:)?[\\/]/.test(path)) return undefined;
  for (const part of path.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

/** Plain text with markdown's active characters escaped, on one line. */
export function plain(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}

/** `1 commit`, `2 commits` (the one plural helper, src/core/plural.ts). */
export { count } from '../plural';

/** `2025-01-06 09:00 UTC`: reports are read later, so no relative dates. */
export function utc(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) return String(date);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
