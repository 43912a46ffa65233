import type { Domain, Severity } from '../types';
import { cleanName, exactDomain, fieldOf, lookupDomain, parseBlocking, parseFileValue } from './names';
import type {
  HandoffCheckbox,
  HandoffDiagnostic,
  HandoffDiagnosticCode,
  HandoffField,
  HandoffItem,
  HandoffRequest,
  HandoffTarget,
  ParsedHandoffFile,
  RequestState,
} from './types';

export interface ParseOptions {
  /** Folder-relative path of the file, kept on the result. */
  readonly path?: string;
  /** The map's domains: targets and the heading's source are resolved against them. */
  readonly domains?: readonly Domain[];
  /** The domain id the file name names, which wins over the heading. */
  readonly fileNameSource?: string;
}

interface Line {
  readonly text: string;
  readonly start: number;
}

/** Lines as VS Code counts them (CRLF, LF or a lone CR end a line), with their start offsets. */
export function splitLinesWithOffsets(text: string): Line[] {
  const lines: Line[] = [];
  const breaks = /\r\n|\r|\n/g;
  // A byte-order mark is no character of the first line (editors hide it), but offsets count it.
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) {
    lines.push({ text: text.slice(start, Math.max(start, m.index)), start });
    start = m.index + m[0].length;
  }
  lines.push({ text: text.slice(start), start });
  return lines;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A list line: bullet or number, then the rest. */
const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;
const CHECKBOX = /^\[([ xX])\](?=\s|$)/;
/** `[]`, `[ x]`, `[✓]`: meant as a checkbox but with no single character to toggle. Not a link. */
const BROKEN_CHECKBOX = /^\[[^\]]{0,3}\](?!\()/;
/** `File:`, `**File:**`, `**File**:`, `Blocking?` with the value after it. */
// Each run of whitespace has one place to go: two `\s*` around an optional group made a long
// run of spaces quadratic (the editor parses on every keystroke).
const LABELLED = /^(?:\*\*|__)?\s*([A-Za-z][A-Za-z /-]{0,30}?)\s*(?:(?:\*\*|__)\s*)?[:?]\s*(?:(?:\*\*|__)\s*)?(.*)$/;
/** The seed's labels written without a colon: `File \`a.py\``, `Blocking - Yes`. */
const LABELLED_NO_COLON =
  /^(?:\*\*|__)?(files?|changes?(?: (?:needed|required|requested))?|reason|blocking)(?:\*\*|__)?(?:\s*[-–—=])?\s+(.*)$/i;

const isBlank = (c: string | undefined) =>
  c !== undefined && (c === ' ' || c === '\t' || c === '\f' || c === '\v' || /\s/.test(c));

/**
 * An ATX heading (`## Title ##`): its level and text, or undefined. By hand, in one pass: the
 * regular expression this replaces backtracked over long runs of spaces (6,000 took seconds).
 */
export function parseHeading(line: string): { level: number; text: string } | undefined {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  let j = i;
  while (line[j] === '#') j++;
  const level = j - i;
  if (level < 1 || level > 6) return undefined;
  if (j < line.length && !isBlank(line[j])) return undefined;
  let end = line.length;
  while (end > j && isBlank(line[end - 1])) end--;
  while (end > j && line[end - 1] === '#') end--;
  while (end > j && isBlank(line[end - 1])) end--;
  let start = j;
  while (start < end && isBlank(line[start])) start++;
  return { level, text: line.slice(start, end) };
}

/** `For API:` / `To API` → `API`; undefined for any other heading text. */
function targetName(text: string): string | undefined {
  const lead = /^(?:for|to)\s+/i.exec(text);
  if (!lead) return undefined;
  let end = text.length;
  if (text[end - 1] === ':') end--;
  while (end > lead[0].length && isBlank(text[end - 1])) end--;
  return end > lead[0].length ? text.slice(lead[0].length, end) : undefined;
}

/** Trailing `**` / `__` (with the blanks around it) dropped, then trimmed: `Yes**` → `Yes`. */
function withoutClosingEmphasis(value: string): string {
  let text = value.trimEnd();
  if (text.endsWith('**') || text.endsWith('__')) text = text.slice(0, -2);
  return text.trim();
}

interface ItemDraft {
  indent: number;
  field: HandoffField;
  label: string;
  value: string;
  line: number;
  checkbox: HandoffCheckbox | undefined;
}

interface Section {
  /** Heading level; 0 before any heading. */
  level: number;
  target: HandoffTarget | undefined;
}

/**
 * Reads a handoff file in the seed's format and the variations people and agents write. Never
 * throws: whatever it cannot understand becomes a diagnostic with its line.
 */
export function parseHandoff(text: string, options: ParseOptions = {}): ParsedHandoffFile {
  const parser = new Parser(options);
  for (const [index, line] of splitLinesWithOffsets(text).entries()) parser.line(index, line);
  return parser.finish();
}

class Parser {
  private readonly diagnostics: HandoffDiagnostic[] = [];
  private readonly requests: HandoffRequest[] = [];
  private fence: { marker: string; line: number } | undefined;
  private readonly lineLengths: number[] = [];
  private section: Section = { level: 0, target: undefined };
  private heading: { raw: string; line: number } | undefined;
  private current: ItemDraft[] | undefined;
  /** The item that a following text line continues; cleared by a blank line. */
  private continuable: ItemDraft | undefined;

  constructor(private readonly options: ParseOptions) {}

  line(index: number, line: Line): void {
    this.lineLengths[index] = line.text.length;
    const fence = FENCE.exec(line.text)?.[1];
    if (this.fence !== undefined) {
      // Fenced text is quoted, not live: a template pasted into a code block is no request.
      const marker = this.fence.marker;
      if (fence !== undefined && fence[0] === marker[0] && fence.length >= marker.length) this.fence = undefined;
      return;
    }
    if (fence !== undefined) {
      this.closeRequest();
      this.fence = { marker: fence, line: index };
      return;
    }
    const heading = parseHeading(line.text);
    if (heading) return this.onHeading(index, heading.level, heading.text);
    const item = LIST_ITEM.exec(line.text);
    if (item && this.onItem(index, line, item)) return;
    // A prose bullet beside the checklist lines (not nested under one) is a remark, not a continuation.
    if (item && this.continuable && (item[1] ?? '').length <= this.continuable.indent) return;
    if (line.text.trim() === '') {
      // A blank line separates requests: the next checklist line starts a new one.
      this.continuable = undefined;
      if (this.current) this.closeRequest();
      return;
    }
    if (this.continuable) {
      // Wrapped text (indented or lazy, as in CommonMark) belongs to the item above.
      this.continuable.value = `${this.continuable.value} ${line.text.trim()}`.trim();
      return;
    }
    // Free text between requests.
    this.closeRequest();
  }

  private onHeading(index: number, level: number, raw: string): void {
    this.closeRequest();
    const text = raw.replace(/\*\*|__/g, '').trim();
    if (level === 1) {
      this.section = { level, target: undefined };
      const from = /^handoff\s+from\s+(.+)$/i.exec(text)?.[1];
      if (from !== undefined && this.heading === undefined) this.heading = { raw: cleanName(from), line: index };
      return;
    }
    const named = targetName(text);
    // `### API:` names its target without "For"; only an exact name counts, so `### Core changes` stays prose.
    const resolvesAlone =
      level >= 3 &&
      named === undefined &&
      this.options.domains !== undefined &&
      exactDomain(text, this.options.domains) !== undefined;
    if (named !== undefined || resolvesAlone) {
      this.section = { level, target: this.resolveTarget(named ?? text, index) };
    } else if (level <= this.section.level || this.section.target === undefined) {
      // A sub-heading inside a target section (`#### Details`) keeps the target.
      this.section = { level, target: undefined };
    }
  }

  private resolveTarget(raw: string, line: number): HandoffTarget {
    const name = cleanName(raw);
    const domains = this.options.domains;
    if (domains === undefined) return { raw: name, domain: undefined, line };
    const lookup = lookupDomain(name, domains);
    if (lookup.kind === 'found') return { raw: name, domain: lookup.domain.id, line };
    const known = domains.map((d) => `${d.id} (${d.terminal})`).join(', ');
    const message =
      lookup.kind === 'ambiguous'
        ? `"${name}" names several domains (${lookup.domains.map((d) => d.id).join(', ')}): write one ### For DOMAIN: section per target.`
        : `"${name}" is no domain of the map: use one of ${known || '(the map has no domains)'}.`;
    this.report('error', 'unknown-target', message, line);
    return { raw: name, domain: undefined, line };
  }

  /** Returns false for a plain bullet that is prose, not a checklist line. */
  private onItem(index: number, line: Line, match: RegExpExecArray): boolean {
    // Both groups of LIST_ITEM always take part in a match.
    const indent = match[1]!;
    const rest = match[2]!;
    const bodyColumn = line.text.length - rest.length;
    let body = rest;
    let checkbox: HandoffCheckbox | undefined;
    const box = CHECKBOX.exec(body);
    if (box) {
      const column = bodyColumn + 1;
      checkbox = {
        offset: line.start + column,
        line: index,
        column,
        char: box[1] as ' ' | 'x' | 'X',
        checked: box[1] !== ' ',
      };
      body = body.slice(3).trim();
    } else if (BROKEN_CHECKBOX.test(body)) {
      const broken = BROKEN_CHECKBOX.exec(body)?.[0] ?? '';
      this.report(
        'warning',
        'malformed-checkbox',
        `"${broken}" is not a checkbox: write "[ ]" or "[x]" so it can be checked.`,
        index,
        bodyColumn,
        bodyColumn + broken.length,
      );
      body = body.slice(broken.length).trim();
    }
    // Both expressions' two groups always take part in a match: label, then value.
    let labelled = LABELLED.exec(body);
    if (!labelled || fieldOf(labelled[1]!) === 'note') labelled = LABELLED_NO_COLON.exec(body) ?? labelled;
    const label = labelled?.[1];
    const labelledValue = labelled?.[2];
    const field = label !== undefined ? fieldOf(label) : 'note';
    // A bullet with neither a box nor one of the seed's labels is prose.
    if (checkbox === undefined && field === 'note' && !BROKEN_CHECKBOX.test(rest)) return false;
    const draft: ItemDraft = {
      indent: indent.length,
      field,
      label: label !== undefined && field !== 'note' ? label.trim() : '',
      value: withoutClosingEmphasis(labelledValue !== undefined && field !== 'note' ? labelledValue : body),
      line: index,
      checkbox,
    };
    // A field the open request already has starts the next request; so does any field after a gap.
    if (this.current && (field === 'note' || !this.current.some((i) => i.field === field))) this.current.push(draft);
    else {
      this.closeRequest();
      this.current = [draft];
    }
    this.continuable = draft;
    return true;
  }

  private closeRequest(): void {
    this.continuable = undefined;
    const items = this.current;
    this.current = undefined;
    const head = items?.[0];
    if (items === undefined || head === undefined) return;
    const first = (field: HandoffField) => items.find((i) => i.field === field);
    const boxes = items.flatMap((i) => (i.checkbox ? [i.checkbox] : []));
    const checkedCount = boxes.filter((b) => b.checked).length;
    const state: RequestState =
      boxes.length > 0 && checkedCount === boxes.length ? 'done' : checkedCount > 0 ? 'partial' : 'open';
    const fileItem = first('file');
    const blockingItem = first('blocking');
    const blocking = blockingItem ? parseBlocking(blockingItem.value) : undefined;
    const startLine = head.line;
    const request: HandoffRequest = {
      index: this.requests.length,
      source: undefined,
      target: this.section.target,
      file: fileItem ? parseFileValue(fileItem.value) : undefined,
      change: first('change')?.value || first('note')?.value || undefined,
      reason: first('reason')?.value || undefined,
      blocking: blocking === true,
      items: items.map((i) => ({ ...i }) satisfies HandoffItem),
      checked: state === 'done',
      state,
      startLine,
      // Not Math.max(...lines): a checklist of 200,000 items would overflow the call stack.
      endLine: items.reduce((last, i) => Math.max(last, i.line), startLine),
    };
    this.requests.push(request);
    if (this.section.target === undefined) {
      this.report(
        'error',
        'no-target',
        'This request is under no "### For DOMAIN:" heading, so it is addressed to nobody.',
        startLine,
      );
    }
    if (blockingItem && blocking === undefined) {
      this.report(
        'warning',
        'bad-blocking',
        `Blocking should be Yes or No, not "${blockingItem.value}"; counted as No.`,
        blockingItem.line,
      );
    }
    const missing = [
      first('change') || first('note') ? undefined : 'Change needed',
      first('reason') ? undefined : 'Reason',
      blockingItem ? undefined : 'Blocking',
    ].filter((f): f is string => f !== undefined);
    if (missing.length > 0) {
      const severity: Severity = missing.includes('Change needed') ? 'warning' : 'info';
      const note = blockingItem ? '' : ' (Blocking counts as No)';
      this.report(severity, 'missing-field', `This request has no ${missing.join(', ')} line${note}.`, startLine);
    }
    if (boxes.length === 0) {
      this.report(
        'warning',
        'no-checkbox',
        'This request has no "- [ ]" checkbox, so it can never be marked done.',
        startLine,
      );
    } else {
      for (const item of items) {
        if (!item.checkbox)
          this.report(
            'info',
            'no-checkbox',
            'This line has no checkbox: checking the request leaves it as it is.',
            item.line,
          );
      }
    }
  }

  finish(): ParsedHandoffFile {
    if (this.fence !== undefined) {
      this.report(
        'warning',
        'unclosed-fence',
        `This code block is never closed: everything after line ${this.fence.line + 1} is read as quoted text, not as requests.`,
        this.fence.line,
      );
    }
    this.closeRequest();
    const { domains, fileNameSource } = this.options;
    const heading = this.heading;
    const headingDomain = heading && domains ? lookupDomain(heading.raw, domains) : undefined;
    const headingSource = headingDomain?.kind === 'found' ? headingDomain.domain.id : heading?.raw;
    if (heading === undefined) {
      this.report(
        'info',
        'no-heading',
        'No "# Handoff from DOMAIN" heading: the source is taken from the file name.',
        0,
      );
    } else if (
      fileNameSource !== undefined &&
      headingSource !== undefined &&
      headingSource.toUpperCase() !== fileNameSource.toUpperCase()
    ) {
      this.report(
        'warning',
        'source-mismatch',
        `The heading says "${heading.raw}" but the file name says ${fileNameSource}; the file name wins.`,
        heading.line,
      );
    }
    const source = fileNameSource ?? headingSource;
    if (this.requests.length === 0) {
      this.report(
        'info',
        'no-requests',
        'No request in this file: a request is a "- [ ] File:" checklist under "### For DOMAIN:".',
        heading?.line ?? 0,
      );
    }
    return {
      path: this.options.path ?? '',
      source: { heading: heading?.raw, headingLine: heading?.line, fileName: fileNameSource, domain: source },
      requests: this.requests.map((r) => ({ ...r, source })),
      diagnostics: sortDiagnostics(this.diagnostics),
    };
  }

  private report(
    severity: Severity,
    code: HandoffDiagnosticCode,
    message: string,
    line: number,
    column = 0,
    endColumn?: number,
  ): void {
    const end = endColumn ?? this.lineLengths[line] ?? 0;
    this.diagnostics.push({ severity, code, message, range: { line, column, endLine: line, endColumn: end } });
  }
}

export function sortDiagnostics(diagnostics: readonly HandoffDiagnostic[]): HandoffDiagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
}
