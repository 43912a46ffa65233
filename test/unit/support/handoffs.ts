import { OwnershipResolver } from '../../../src/core/ownership/resolver';
import type { Domain, DomainMap } from '../../../src/core/types';

function domain(id: string, terminal: string, name: string, paths: string[], prefixes: string[]): Domain {
  return { id, terminal, name, paths, prefixes, rules: [] };
}

/** The seed's five domains (PARALLEL_ORCHESTRATION.md, "Domain Territory Map"). */
export const SEED_MAP: DomainMap = {
  domains: [
    domain(
      'CORE',
      'T1',
      'Backend Core',
      ['backend/app/models/', 'backend/app/schemas/', 'backend/app/db/', 'backend/alembic/'],
      ['core:'],
    ),
    domain('API', 'T2', 'Backend API', ['backend/app/api/', 'backend/app/services/', 'backend/app/core/'], ['api:']),
    domain('SCHED', 'T3', 'Scheduling Engine', ['backend/app/scheduling/'], ['sched:']),
    domain('FE', 'T4', 'Frontend', ['frontend/src/', 'frontend/public/'], ['fe:']),
    domain(
      'TEST',
      'T5',
      'Tests & Docs',
      ['backend/tests/', 'frontend/__tests__/', 'docs/', '/*.md'],
      ['test:', 'docs:'],
    ),
  ],
  handoffFile: 'HANDOFF_FROM_{domain}.md',
};

export const SEED_CONTEXT = { map: SEED_MAP, resolver: OwnershipResolver.compile(SEED_MAP) };

/** The seed's "HANDOFF File Format" block, verbatim. */
export const SEED_TEMPLATE = `# Handoff from [DOMAIN]

## Required Changes

### For [TARGET_DOMAIN]:
- [ ] File: \`path/to/file.py\`
- [ ] Change needed: Description of what needs to be added/modified
- [ ] Reason: Why this is needed
- [ ] Blocking: Yes/No (does your work depend on this?)
`;

/** Joins lines with `\n` and a final newline. */
export function lines(...text: string[]): string {
  return text.join('\n') + '\n';
}
