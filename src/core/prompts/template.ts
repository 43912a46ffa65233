import type { PromptFacts } from './facts';

/**
 * The built-in prompt template: the structure of the seed's terminal prompt templates. Each
 * `{{name}}` is a placeholder; PLACEHOLDERS documents them (and the README lists them).
 */
/** Where a workspace's own template lives, relative to the folder (the editor and the CLI read it). */
export const TEMPLATE_FILE = '.territory/prompt-template.md';

export const DEFAULT_TEMPLATE = `You are the {{role}} orchestrator for {{project}}.

BRANCH: {{branch}}

YOUR EXCLUSIVE DOMAIN:
{{exclusiveDomain}}

OFF LIMITS (do not touch):
{{offLimits}}

YOUR TASK:
{{task}}
{{openHandoffs}}
EXECUTION RULES:
{{executionRules}}

REPORT FORMAT:
{{reportFormat}}
`;

export const PLACEHOLDERS: Record<string, { describe: string; value: (f: PromptFacts) => string }> = {
  role: { describe: 'the domain name in capitals (BACKEND CORE)', value: (f) => f.role },
  project: { describe: "the map's project", value: (f) => f.project },
  branch: { describe: 'the branch every terminal pushes to', value: (f) => f.branch },
  domainId: { describe: 'the domain id (CORE)', value: (f) => f.domain.id },
  domainName: { describe: 'the domain name (Backend Core)', value: (f) => f.domain.name },
  terminal: { describe: 'the terminal label (T1)', value: (f) => f.domain.terminal },
  agents: { describe: 'how many parallel agents a terminal may spawn', value: (f) => String(f.agents) },
  prefixes: { describe: 'the commit prefixes, quoted, joined with "or"', value: (f) => prefixText(f) },
  handoffFile: { describe: "this domain's handoff file name", value: (f) => f.handoffFile },
  exclusiveDomain: {
    describe: 'the exclusive paths as a list, with exceptions',
    value: (f) => bullets([...f.exclusivePaths, ...f.exclusiveExceptions]),
  },
  offLimits: { describe: 'every other territory as a list, each with its owner', value: (f) => bullets(f.offLimits) },
  task: { describe: 'the task of this session, or [INSERT SPECIFIC TASK]', value: (f) => f.task },
  openHandoffs: {
    describe: 'a section listing open handoff requests addressed to this domain (empty when none)',
    value: openHandoffsText,
  },
  executionRules: { describe: 'the numbered execution rules', value: (f) => numbered(executionRules(f)) },
  reportFormat: {
    describe: 'the report format (the TEST variant for a test domain)',
    value: (f) => bullets(reportFormat(f)),
  },
};

function bullets(lines: readonly string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

function numbered(lines: readonly string[]): string {
  return lines.map((l, i) => `${i + 1}. ${l}`).join('\n');
}

function prefixText(f: PromptFacts): string {
  return f.prefixes.map((p) => `"${p} "`).join(' or ');
}

function executionRules(f: PromptFacts): string[] {
  const others = f.otherDomains.map((d) => d.name).join(', ');
  const rules = [
    `Spawn up to ${f.agents} parallel Task agents for files in YOUR domain only`,
    `Commit with prefix ${prefixText(f)}`,
    `If you need changes outside your domain (${others}), write ${f.handoffFile} in the HANDOFF format — do not edit their files`,
    // The loop Territory's guard and hooks close (issue #28): a blocked edit's change is kept as a patch; the owner marks a request done.
    'If Territory blocks an edit, it keeps your change as a patch and names it: file the request with `territory handoff add --to ID --file PATH --change TEXT --reason TEXT --blocking yes|no --patch PATCH_ID`',
    'When a HANDOFF request to you is done, mark it done with `territory handoff done --from ID --index N` (you cannot edit their file)',
    "Check git status before editing: leave other terminals' uncommitted changes alone",
    ...f.rules,
    'Push to branch when complete (never force push)',
  ];
  return rules;
}

function reportFormat(f: PromptFacts): string[] {
  return [
    'Files modified: [list]',
    'Commits made: [list with hashes]',
    f.isTestDomain ? 'Test results: [pass/fail counts]' : 'Handoffs needed: [Yes/No, details]',
    'Status: [Complete/Blocked/Partial]',
  ];
}

function openHandoffsText(f: PromptFacts): string {
  if (f.openHandoffs.length === 0) return '';
  const lines = f.openHandoffs.map((r) => {
    const parts = [
      `From ${r.source ?? '?'}${r.blocking ? ' (BLOCKING)' : ''}: ${r.file ? `\`${r.file}\`` : '(no file)'}`,
    ];
    if (r.change) parts.push(`change: ${r.change}`);
    if (r.reason) parts.push(`reason: ${r.reason}`);
    // Only a domain of the map goes into a command: a heading's raw text is the branch's data, never a command's.
    if (f.otherDomains.some((d) => d.id === r.source))
      parts.push(`when done: \`territory handoff done --from ${r.source} --index ${r.index + 1}\``);
    return parts.join(' — ');
  });
  return `\nOPEN HANDOFF REQUESTS FOR YOU:\n${bullets(lines)}\n`;
}

export interface TemplateProblem {
  readonly line: number;
  readonly column: number;
  readonly length: number;
  readonly message: string;
}

/** Unknown placeholders in a user's template: a diagnostic each, never a silent blank. */
export function checkTemplate(template: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const lines = template.split(/\r?\n/);
  lines.forEach((text, line) => {
    for (const match of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      const name = match[1] ?? '';
      if (!Object.hasOwn(PLACEHOLDERS, name)) {
        problems.push({
          line,
          column: match.index ?? 0,
          length: match[0].length,
          message: `Unknown placeholder {{${name}}}; known: ${Object.keys(PLACEHOLDERS).join(', ')}`,
        });
      }
    }
  });
  return problems;
}

/** Fills a template. Unknown placeholders are left as written (and reported by checkTemplate). */
export function renderTemplate(template: string, facts: PromptFacts): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) => {
    // Own keys only: `{{constructor}}` names a property every object inherits, not a placeholder.
    const placeholder = Object.hasOwn(PLACEHOLDERS, name) ? PLACEHOLDERS[name] : undefined;
    return placeholder ? placeholder.value(facts) : whole;
  });
}
