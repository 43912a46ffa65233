// Small helpers for the reports' markdown: text from git and handoff files must not turn into markup.

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
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
