import { fencedLines } from './markdownTable';

/**
 * What the seed's prose adds to its table: "### TERMINAL 1: BACKEND CORE" headings give names,
 * the prompt templates under them give domain-specific rules, and the text gives the project,
 * the branch and the number of agents per terminal. Everything here is best effort: when a
 * phrase is not found the field is simply absent, never an error.
 */

export interface Template {
  readonly number: number;
  readonly name: string;
  readonly rules: readonly string[];
}

export interface Templates {
  readonly project?: string;
  readonly branch?: string;
  readonly agentsPerTerminal?: number;
  readonly byNumber: ReadonlyMap<number, Template>;
}

const TERMINAL_HEADING = /^ {0,3}#{1,6}\s+(?:terminal\s*|t)(\d+)\s*[:.)\-–—](.*)$/i;
const ANY_HEADING = /^ {0,3}#{1,6}\s/;
const RULES_HEADER = /^\s*EXECUTION RULES\s*:?\s*$/i;
const SECTION_HEADER = /^\s*[A-Z][A-Z &/-]+:\s*$/;
const LIST_ITEM = /^\s*(?:\d+[.)]|[-*•])\s+(\S.*)$/;

/** Rules every template of the protocol has, whatever the domain: they come from the map itself. */
const GENERIC_RULES = [
  /^spawn(?:s|ing)?\s+up\s+to\b/i,
  /^commit\b.*\bprefix/i,
  /\bwrite\s+`?HANDOFF_FROM_/i,
  /^push\b/i,
];

/** Kept upper case when a heading is title-cased ("BACKEND API" → "Backend API"). */
const ACRONYMS = new Set(
  'API APIS UI UX DB CLI SDK CI CD QA E2E ML AI IO HTTP CSS HTML JS TS SQL AWS GCP GPU CPU ETL ORM REST JSON XML YAML URL SSO IAM DNS SRE'.split(
    ' ',
  ),
);
const SMALL_WORDS = new Set('a an and or of the to in on for at by with'.split(' '));

export function titleCase(heading: string): string {
  const text = heading.replace(/[*_`]/g, '').trim();
  if (/[a-z]/.test(text)) return text; // Already written in mixed case: keep it as written.
  return text.replace(/[A-Za-z0-9]+/g, (word, offset: number) => {
    if (ACRONYMS.has(word)) return word;
    const lower = word.toLowerCase();
    if (offset > 0 && SMALL_WORDS.has(lower)) return lower;
    return lower.charAt(0).toUpperCase() + lower.slice(1);
  });
}

export function readTemplates(lines: readonly string[]): Templates {
  const fenced = fencedLines(lines);
  const found: { number: number; name: string; items: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = fenced[i] ? null : TERMINAL_HEADING.exec(lines[i] ?? '');
    const title = m?.[2];
    const name = title !== undefined ? titleCase(title.replace(/#+\s*$/, '')) : '';
    if (!m || name === '') continue;
    let end = i + 1;
    while (end < lines.length && (fenced[end] || !ANY_HEADING.test(lines[end] ?? ''))) end++;
    found.push({ number: Number(m[1]), name, items: ruleItems(lines.slice(i + 1, end)) });
    i = end - 1;
  }

  // A rule written in two or more templates is part of the protocol, not of one domain.
  const templatesWith = new Map<string, number>();
  for (const t of found)
    for (const key of new Set(t.items.map(ruleKey))) templatesWith.set(key, (templatesWith.get(key) ?? 0) + 1);
  const byNumber = new Map<number, Template>();
  for (const t of found) {
    if (byNumber.has(t.number)) continue;
    const rules = t.items.filter(
      (r) => !GENERIC_RULES.some((g) => g.test(r)) && (templatesWith.get(ruleKey(r)) ?? 0) < 2,
    );
    byNumber.set(t.number, { number: t.number, name: t.name, rules });
  }

  const text = lines.join('\n');
  const project = findProject(text);
  const branch = /^\s*(?:\*\*)?branch(?:\*\*)?\s*:\s*(?:\*\*)?\s*`?([^`\s]+)`?/im.exec(text)?.[1];
  const agentsText = /\bspawn(?:s|ing)?\s+up\s+to\s+(\d{1,3})\b/i.exec(text)?.[1];
  const agents = agentsText !== undefined ? Number(agentsText) : undefined;
  return {
    ...(project !== undefined ? { project } : {}),
    ...(branch !== undefined ? { branch } : {}),
    ...(agents !== undefined && agents >= 1 && agents <= 100 ? { agentsPerTerminal: agents } : {}),
    byNumber,
  };
}

/** The numbered or bulleted lines under "EXECUTION RULES:" in a template's section. */
function ruleItems(section: readonly string[]): string[] {
  const items: string[] = [];
  const start = section.findIndex((l) => RULES_HEADER.test(l));
  if (start < 0) return items;
  for (const line of section.slice(start + 1)) {
    if (line.trim() === '' || SECTION_HEADER.test(line) || /^\s*(`{3,}|~{3,})/.test(line)) break;
    const item = LIST_ITEM.exec(line)?.[1];
    if (item !== undefined) items.push(item.trim());
  }
  return items;
}

/** Compares rules across templates regardless of numbers, quoted prefixes and domain ids. */
function ruleKey(rule: string): string {
  return rule
    .toLowerCase()
    .replace(/"[^"]*"|`[^`]*`/g, '"x"')
    .replace(/handoff_from_\w+/g, 'handoff_from_x')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

function looksLikeName(s: string): boolean {
  return /^[A-Z0-9]/.test(s) || /[-_.]/.test(s);
}

function findProject(text: string): string | undefined {
  const clean = (s: string) => s.replace(/[`*"]/g, '').trim();
  for (const m of text.matchAll(/\bfor the\s+([^\s.,;:]+(?:[ \t]+[^\s.,;:]+){0,4}?)[ \t]+project\b/gi)) {
    const name = clean(m[1] ?? '');
    if (looksLikeName(name)) return name;
  }
  for (const m of text.matchAll(/\borchestrator for\s+(?:the\s+)?([^\n]+?)\.?[ \t]*$/gim)) {
    const name = clean(m[1] ?? '');
    if (looksLikeName(name)) return name;
  }
  return undefined;
}
