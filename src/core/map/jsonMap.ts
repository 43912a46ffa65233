import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { excessiveNesting, MAX_JSON_DEPTH } from '../jsonDepth';
import { DEFAULT_HANDOFF_FILE, type DomainMap, type ParsedMap, type TextRange } from '../types';
import { CONTROL_CHARS, DiagnosticSink, LineIndex } from './text';
import { buildDomains, type DraftDomain, type Located } from './validate';

/**
 * Reads `territory.json`: JSON with comments. Trailing commas are ACCEPTED without a diagnostic:
 * VS Code's own JSON-with-comments mode already flags them when it wants to, and a second
 * warning from us would only duplicate it. Any syntax error means no map at all (a partial
 * parse could silently drop domains); semantic errors still give a map, with diagnostics.
 */

const TOP_KEYS = ['$schema', 'project', 'branch', 'agentsPerTerminal', 'domains', 'handoffs'];
const DOMAIN_KEYS = ['id', 'terminal', 'name', 'paths', 'prefixes', 'rules'];
const HANDOFF_KEYS = ['file'];
const MAX_SYNTAX_DIAGNOSTICS = 20;

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Property name expected',
  ValueExpected: 'Value expected',
  ColonExpected: 'Colon expected',
  CommaExpected: 'Comma expected',
  CloseBraceExpected: '"}" expected',
  CloseBracketExpected: '"]" expected',
  EndOfFileExpected: 'End of file expected',
  InvalidCommentToken: 'Invalid comment',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character in string',
};

export function parseJsonMap(text: string): ParsedMap {
  const sink = new DiagnosticSink();
  // A byte-order mark is not part of the document for VS Code, so positions are counted without it.
  const map = readMap(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, sink);
  return { kind: 'json', map, diagnostics: sink.sorted() };
}

function readMap(text: string, sink: DiagnosticSink): DomainMap | undefined {
  const lines = new LineIndex(text);
  const tooDeep = excessiveNesting(text);
  if (tooDeep !== undefined) {
    const position = lines.position(tooDeep);
    sink.error(
      'syntax-error',
      `Nested more than ${MAX_JSON_DEPTH} levels deep at line ${position.line + 1}, column ${position.column + 1}: a map needs a handful.`,
      lines.range(tooDeep, 1),
    );
    return undefined;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (errors.length > 0) {
    for (const e of errors.slice(0, MAX_SYNTAX_DIAGNOSTICS)) {
      const name = printParseErrorCode(e.error);
      const position = lines.position(e.offset);
      // jsonc-parser can report a length past the end (an unterminated comment): keep the range in the text.
      const offset = Math.min(e.offset, text.length);
      sink.error(
        'syntax-error',
        `${SYNTAX_MESSAGES[name] ?? name} at line ${position.line + 1}, column ${position.column + 1}.`,
        lines.range(offset, Math.min(e.length, text.length - offset)),
      );
    }
    return undefined;
  }
  if (!root) {
    sink.error(
      'empty-file',
      'territory.json is empty: it must hold an object with a "domains" list.',
      lines.range(0, 0),
    );
    return undefined;
  }
  const r = new Reader(lines, sink);
  const top = r.object(root, 'The map', TOP_KEYS);
  if (!top) return undefined;
  const domainsNode = top.get('domains');
  if (!domainsNode) {
    sink.error('missing-field', 'Missing "domains": the list of domains.', r.brace(root));
    return undefined;
  }
  if (domainsNode.type !== 'array') {
    r.wrongType(domainsNode, '"domains"', 'a list');
    return undefined;
  }

  const drafts: DraftDomain[] = [];
  for (const node of domainsNode.children ?? []) {
    const draft = r.domain(node);
    if (draft) drafts.push(draft);
  }
  if ((domainsNode.children ?? []).length === 0) {
    sink.error('empty-map', 'The map defines no domain: "domains" is empty.', r.range(domainsNode));
  }
  const domains = buildDomains(drafts, sink);

  const project = r.optionalString(top.get('project'), '"project"');
  const branch = r.optionalString(top.get('branch'), '"branch"');
  const agents = r.agents(top.get('agentsPerTerminal'));
  const handoffFile = r.handoffFile(top.get('handoffs'));
  r.optionalString(top.get('$schema'), '"$schema"');
  return {
    ...(project !== undefined ? { project } : {}),
    ...(branch !== undefined ? { branch } : {}),
    ...(agents !== undefined ? { agentsPerTerminal: agents } : {}),
    domains,
    handoffFile: handoffFile ?? DEFAULT_HANDOFF_FILE,
  };
}

/** Walks the tree; every problem is reported at the node concerned. */
class Reader {
  constructor(
    private readonly lines: LineIndex,
    private readonly sink: DiagnosticSink,
  ) {}

  range(node: Node): TextRange {
    return this.lines.range(node.offset, node.length);
  }

  /** The opening brace: where a missing property is reported (as VS Code's JSON mode does). */
  brace(node: Node): TextRange {
    return this.lines.range(node.offset, 1);
  }

  wrongType(node: Node, what: string, expected: string): void {
    this.sink.error('wrong-type', `${what} must be ${expected}, not ${describe(node)}.`, this.range(node));
  }

  /** The properties of an object node by key, reporting unknown and duplicate keys. */
  object(node: Node, what: string, allowed: readonly string[]): Map<string, Node> | undefined {
    if (node.type !== 'object') {
      this.wrongType(node, what, 'an object');
      return undefined;
    }
    const props = new Map<string, Node>();
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      if (!allowed.includes(key)) {
        const hint = closest(key, allowed);
        this.sink.warning(
          'unknown-key',
          `Unknown key "${key}" is ignored${hint ? ` (did you mean "${hint}"?)` : ''}.`,
          this.range(keyNode),
        );
        continue;
      }
      if (props.has(key))
        this.sink.error('duplicate-key', `Key "${key}" appears twice; the last one is used.`, this.range(keyNode));
      props.set(key, valueNode);
    }
    return props;
  }

  string(node: Node, what: string): Located<string> | undefined {
    if (node.type === 'string') return { value: node.value as string, range: this.range(node) };
    this.wrongType(node, what, 'a string');
    return undefined;
  }

  optionalString(node: Node | undefined, what: string): string | undefined {
    return node ? this.string(node, what)?.value : undefined;
  }

  strings(node: Node, what: string): Located<string>[] | undefined {
    if (node.type !== 'array') {
      this.wrongType(node, what, 'a list of strings');
      return undefined;
    }
    const result: Located<string>[] = [];
    for (const item of node.children ?? []) {
      const s = this.string(item, `Each item of ${what}`);
      if (s) result.push(s);
    }
    return result;
  }

  domain(node: Node): DraftDomain | undefined {
    const props = this.object(node, 'A domain', DOMAIN_KEYS);
    if (!props) return undefined;
    const missing = ['id', 'terminal', 'paths', 'prefixes'].filter((k) => !props.has(k));
    if (missing.length > 0) {
      const label = props.get('id')?.type === 'string' ? `Domain "${String(props.get('id')?.value)}"` : 'This domain';
      this.sink.error(
        'missing-field',
        `${label} is missing ${missing.map((k) => `"${k}"`).join(', ')}.`,
        this.brace(node),
      );
      return undefined;
    }
    const id = this.string(props.get('id') as Node, '"id"');
    const terminal = this.string(props.get('terminal') as Node, '"terminal"');
    const nameNode = props.get('name');
    const name = nameNode ? this.string(nameNode, '"name"') : undefined;
    const paths = this.strings(props.get('paths') as Node, '"paths"');
    const prefixes = this.strings(props.get('prefixes') as Node, '"prefixes"');
    const rulesNode = props.get('rules');
    const rules = rulesNode ? this.strings(rulesNode, '"rules"') : [];
    if (!id || !terminal || !paths || !prefixes) return undefined;
    return {
      id,
      terminal,
      ...(name ? { name } : {}),
      paths,
      prefixes,
      rules: (rules ?? []).map((r) => r.value),
      range: this.brace(node),
    };
  }

  agents(node: Node | undefined): number | undefined {
    if (!node) return undefined;
    if (node.type !== 'number') {
      this.wrongType(node, '"agentsPerTerminal"', 'a number');
      return undefined;
    }
    const n = node.value as number;
    if (Number.isInteger(n) && n >= 1 && n <= 100) return n;
    this.sink.error(
      'invalid-value',
      `"agentsPerTerminal" must be a whole number from 1 to 100, not ${n}.`,
      this.range(node),
    );
    return undefined;
  }

  handoffFile(node: Node | undefined): string | undefined {
    if (!node) return undefined;
    const props = this.object(node, '"handoffs"', HANDOFF_KEYS);
    const fileNode = props?.get('file');
    const file = fileNode ? this.string(fileNode, '"handoffs.file"') : undefined;
    if (!file) return undefined;
    const value = file.value.trim();
    // Validated like a pattern: it names files that are read, created and written.
    const segments = value.split(/[/\\]/);
    const problem = CONTROL_CHARS.test(value)
      ? 'contains a line break or control character'
      : !value.includes('{domain}')
        ? 'must contain {domain}, which is replaced by a domain id'
        : segments.includes('..') || /^([/\\~]|[A-Za-z]:)/.test(value)
          ? 'must be a path relative to the folder, without ".."'
          : segments.some((s) => s.toLowerCase() === '.git')
            ? 'must not point into .git'
            : /[/\\]$/.test(value) || !segments.at(-1)?.includes('{domain}')
              ? 'must name a file whose name holds {domain} (HANDOFF_FROM_{domain}.md)'
              : undefined;
    if (!problem) return value;
    this.sink.error(
      'invalid-handoff-file',
      `"handoffs.file" ${problem} (default: ${DEFAULT_HANDOFF_FILE}).`,
      file.range,
    );
    return undefined;
  }
}

function describe(node: Node): string {
  if (node.type === 'array') return 'a list';
  if (node.type === 'object') return 'an object';
  if (node.type === 'null') return 'null';
  return `a ${node.type} (${JSON.stringify(node.value)})`;
}

/** The allowed key nearest to a misspelt one (edit distance at most 2, or a plural/singular). */
function closest(key: string, allowed: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const c = candidate.toLowerCase();
    const related = k.length >= 3 && (c.startsWith(k) || k.startsWith(c));
    const d = related ? Math.min(1, editDistance(k, c)) : editDistance(k, c);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    // previous holds b.length + 1 entries, current those up to j - 1.
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
