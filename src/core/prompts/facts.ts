import { handoffFileName } from '../handoffs/append';
import type { HandoffRequest } from '../handoffs/types';
import { compilePattern } from '../ownership/pattern';
import type { Domain, DomainMap } from '../types';
import type { UnassignedPolicy } from '../settings';

/** Everything a domain's prompt says, derived from the map; the template only arranges it. */
export interface PromptFacts {
  readonly domain: Domain;
  /** `BACKEND CORE`: the seed's role line uses the name in capitals. */
  readonly role: string;
  readonly project: string;
  readonly branch: string;
  readonly agents: number;
  readonly exclusivePaths: readonly string[];
  /** Lines that qualify the exclusive paths (the seed's "EXCEPT: …"). */
  readonly exclusiveExceptions: readonly string[];
  readonly offLimits: readonly string[];
  readonly task: string;
  readonly prefixes: readonly string[];
  readonly handoffFile: string;
  /** The other domains, by name, for "If you need X changes, write …". */
  readonly otherDomains: readonly Domain[];
  readonly rules: readonly string[];
  readonly openHandoffs: readonly HandoffRequest[];
  readonly isTestDomain: boolean;
}

export interface PromptInputs {
  readonly task?: string;
  /** `territory.unassigned`: locked adds the unassigned places to OFF LIMITS. */
  readonly unassignedPolicy?: UnassignedPolicy;
  /** Outermost unassigned directories and loose unassigned files, when known. */
  readonly unassigned?: { readonly directories: readonly string[]; readonly files: readonly string[] };
  /** Open requests addressed to this domain. */
  readonly openHandoffs?: readonly HandoffRequest[];
  /** The session branch (Plan Session, `.territory/session.json`); the map's `branch` when absent. */
  readonly branch?: string;
}

export const TASK_PLACEHOLDER = '[INSERT SPECIFIC TASK]';
const DEFAULT_BRANCH = 'claude/[session-branch-name]';
const DEFAULT_AGENTS = 5;
const MAX_UNASSIGNED_LISTED = 12;

/** How a pattern reads in a prompt: `/*.md` is "root *.md files". */
export function describePattern(pattern: string): string {
  const [compiled] = compilePattern(pattern);
  if (!compiled) return pattern;
  const body = compiled.segments.filter((s) => s !== '**' || compiled.anchored).join('/');
  const [only] = compiled.segments;
  if (compiled.anchored && compiled.segments.length === 1 && only !== undefined && !/^[\w.-]+$/.test(only)) {
    return `root ${body} files`;
  }
  if (!compiled.anchored) return `${body}${compiled.dirOnly ? '/' : ''} (at any depth)`;
  return `${body}${compiled.dirOnly ? '/' : ''}`;
}

/** A domain is the seed's TEST domain when one of its prefixes is `test:`. */
function isTestDomain(domain: Domain): boolean {
  return domain.prefixes.some((p) => p.toLowerCase().startsWith('test'));
}

export function promptFacts(map: DomainMap, domainId: string, inputs: PromptInputs = {}): PromptFacts {
  const domain = map.domains.find((d) => d.id === domainId);
  if (!domain) throw new Error(`no domain ${domainId} in the map`);
  const others = map.domains.filter((d) => d !== domain);
  const offLimits: string[] = [];
  for (const other of others) {
    for (const pattern of other.paths) offLimits.push(`${describePattern(pattern)} (${other.id}, ${other.terminal})`);
  }
  offLimits.push(
    `${others.map((o) => handoffFileName(map.handoffFile, o.id)).join(', ')} (written by the other terminals)`,
  );
  if (inputs.unassignedPolicy !== 'shared' && inputs.unassigned) {
    const places = [...inputs.unassigned.directories.map((d) => `${d}/`), ...inputs.unassigned.files];
    if (places.length > 0) {
      const listed = places.slice(0, MAX_UNASSIGNED_LISTED).join(', ');
      const more = places.length > MAX_UNASSIGNED_LISTED ? ` and ${places.length - MAX_UNASSIGNED_LISTED} more` : '';
      offLimits.push(`${listed}${more} (unassigned: the lead's)`);
    }
  } else if (inputs.unassignedPolicy !== 'shared') {
    offLimits.push("every file no domain owns (unassigned: the lead's)");
  }
  const ownsOthersHandoffs = others.some((o) => {
    const name = handoffFileName(map.handoffFile, o.id);
    return domain.paths.some((p) =>
      compilePattern(p).some((c) => {
        const [only] = c.segments;
        return (
          c.anchored &&
          c.segments.length === 1 &&
          only !== undefined &&
          new RegExp(
            `^${only
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replace(/\*/g, '.*')
              .replace(/\?/g, '.')}$`,
          ).test(name)
        );
      }),
    );
  });
  return {
    domain,
    role: domain.name.toUpperCase(),
    project: map.project ?? 'this project',
    branch: inputs.branch ?? map.branch ?? DEFAULT_BRANCH,
    agents: map.agentsPerTerminal ?? DEFAULT_AGENTS,
    exclusivePaths: domain.paths.map(describePattern),
    exclusiveExceptions: ownsOthersHandoffs
      ? ['EXCEPT: Do not modify HANDOFF_*.md files created by other terminals']
      : [],
    offLimits,
    task: inputs.task?.trim() || TASK_PLACEHOLDER,
    prefixes: domain.prefixes,
    handoffFile: handoffFileName(map.handoffFile, domain.id),
    otherDomains: others,
    rules: domain.rules,
    openHandoffs: inputs.openHandoffs ?? [],
    isTestDomain: isTestDomain(domain),
  };
}
