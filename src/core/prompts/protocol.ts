import { handoffFileName } from '../handoffs/append';
import { compilePattern } from '../ownership/pattern';
import type { SessionPlan } from '../session';
import type { Domain, DomainMap } from '../types';
import { promptFacts, type PromptInputs } from './facts';
import { DEFAULT_TEMPLATE, renderTemplate } from './template';

/** A table cell for one pattern, in the seed's own wording (`/*.md` → root `*.md`). */
function patternCell(pattern: string): string {
  const [compiled] = compilePattern(pattern);
  const only = compiled?.segments[0];
  if (
    compiled &&
    compiled.anchored &&
    compiled.segments.length === 1 &&
    only !== undefined &&
    pattern.startsWith('/') &&
    !/^[\w.-]+$/.test(only)
  ) {
    return `root \`${only}\``;
  }
  return `\`${pattern}\``;
}

function prefixCell(domain: Domain): string {
  return domain.prefixes.map((p) => `\`${p}\``).join(' or ');
}

function terminalNumber(domain: Domain, index: number): string {
  return /^T(\d+)$/i.exec(domain.terminal)?.[1] ?? String(index + 1);
}

/**
 * The whole protocol document for a map, in the seed's layout: the territory table (which the
 * markdown map reader reads back to the same map), the rules, the handoff format, every domain's
 * prompt, the meta-session workflow and the safety notes.
 */
export function exportProtocol(map: DomainMap, plan?: SessionPlan, inputs: Omit<PromptInputs, 'task'> = {}): string {
  const project = map.project ?? 'this project';
  const agents = map.agentsPerTerminal ?? 5;
  const out: string[] = [];
  out.push('# Parallel Orchestration System', '');
  out.push(
    `**For ${map.domains.length} terminals, each spawning up to ${agents} Task agents = ${map.domains.length * agents} parallel workers**`,
    '',
  );
  out.push(
    '## Overview',
    '',
    `This document defines the parallel development protocol for the ${project} project. Each terminal operates in an exclusive domain to prevent file conflicts.`,
    '',
    '---',
    '',
  );
  out.push(
    '## Domain Territory Map',
    '',
    '| Terminal | Domain Name | Exclusive Paths | Commit Prefix |',
    '|----------|-------------|-----------------|---------------|',
  );
  for (const domain of map.domains)
    out.push(
      `| ${domain.terminal} | ${domain.id} | ${domain.paths.map(patternCell).join(', ')} | ${prefixCell(domain)} |`,
    );
  out.push('', '---', '', '## Conflict Prevention Protocol', '', '### Rules for All Terminals', '');
  out.push(
    '1. **ONLY edit files in YOUR domain** - No exceptions',
    '2. **Check git status before editing** - Ensure no uncommitted changes from other terminals',
    '3. **Use your commit prefix** - Makes merge sequence clear',
    '4. **Push to the designated branch** - All terminals push to the same branch',
    `5. **Create HANDOFF file if you need cross-domain changes** - Write \`${handoffFileName(map.handoffFile, '[DOMAIN]')}\``,
    '',
  );
  out.push(
    '### HANDOFF File Format',
    '',
    '```markdown',
    '# Handoff from [DOMAIN]',
    '',
    '## Required Changes',
    '',
    '### For [TARGET_DOMAIN]:',
    '- [ ] File: `path/to/file.py`',
    '- [ ] Change needed: Description of what needs to be added/modified',
    '- [ ] Reason: Why this is needed',
    '- [ ] Blocking: Yes/No (does your work depend on this?)',
    '```',
    '',
    '---',
    '',
  );
  out.push('## Terminal Prompt Templates', '');
  map.domains.forEach((domain, index) => {
    const facts = promptFacts(map, domain.id, {
      ...inputs,
      branch: inputs.branch ?? plan?.branch,
      task: plan?.tasks[domain.id],
    });
    out.push(
      `### TERMINAL ${terminalNumber(domain, index)}: ${facts.role}`,
      '',
      '```',
      renderTemplate(DEFAULT_TEMPLATE, facts).trimEnd(),
      '```',
      '',
    );
  });
  out.push('---', '', '## Meta-Session Workflow', '');
  out.push(
    '### Phase 1: Launch',
    `1. Human creates ${map.domains.length} terminals ("Territory: Launch Domain Terminals")`,
    '2. Each terminal receives its domain-specific prompt with task',
    '3. All terminals work in parallel',
    '',
  );
  out.push(
    '### Phase 2: Execution',
    `- Each terminal spawns up to ${agents} Task agents within its domain`,
    `- Maximum ${map.domains.length * agents} parallel workers`,
    '- Each commits and pushes independently',
    '',
  );
  out.push(
    '### Phase 3: Collection',
    '1. Human collects all HANDOFF_*.md files ("Territory: Collect Handoffs")',
    '2. Reviews for cross-domain dependencies',
    '3. Resolves any conflicts',
    '',
  );
  out.push(
    '### Phase 4: Merge',
    '1. `git log --oneline` to see all commits by prefix ("Territory: Merge Report")',
    '2. Resolve any merge conflicts (rare if domains respected)',
    '3. Run full test suite',
    '4. Create PR or merge to main ("Territory: Finish Session" runs steps 1–4)',
    '',
    '---',
    '',
  );
  if (plan && (plan.goal || Object.keys(plan.tasks).length > 0)) {
    out.push(
      '## Example Task Distribution',
      '',
      `**Goal: ${plan.goal || '(none)'}**`,
      '',
      '| Terminal | Specific Task |',
      '|----------|---------------|',
    );
    for (const domain of map.domains)
      out.push(
        `| ${domain.terminal}: ${domain.id} | ${(plan.tasks[domain.id] ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')} |`,
      );
    out.push('', '---', '');
  }
  out.push(
    '## Safety Notes',
    '',
    '- **Never force push** - Only regular push',
    '- **Never edit outside your domain** - Create HANDOFF instead',
    '- **Always check git status first** - Avoid stepping on uncommitted work',
    '- **Use atomic commits** - One logical change per commit',
    '',
  );
  return out.join('\n');
}
