import { DEFAULT_HANDOFF_FILE, type DomainMap } from '../../src/core/types';

/** The seed's "Domain Territory Map", as the map reader must produce it. */
export const SEED_MAP: DomainMap = {
  project: 'Autonomous-Assignment-Program-Manager',
  branch: 'claude/[session-branch-name]',
  agentsPerTerminal: 5,
  handoffFile: DEFAULT_HANDOFF_FILE,
  domains: [
    {
      id: 'CORE',
      terminal: 'T1',
      name: 'Backend Core',
      prefixes: ['core:'],
      rules: [],
      paths: ['backend/app/models/', 'backend/app/schemas/', 'backend/app/db/', 'backend/alembic/'],
    },
    {
      id: 'API',
      terminal: 'T2',
      name: 'Backend API',
      prefixes: ['api:'],
      rules: [],
      paths: ['backend/app/api/', 'backend/app/services/', 'backend/app/core/'],
    },
    {
      id: 'SCHED',
      terminal: 'T3',
      name: 'Scheduling Engine',
      prefixes: ['sched:'],
      rules: [],
      paths: ['backend/app/scheduling/'],
    },
    {
      id: 'FE',
      terminal: 'T4',
      name: 'Frontend',
      prefixes: ['fe:'],
      rules: [],
      paths: ['frontend/src/', 'frontend/public/'],
    },
    {
      id: 'TEST',
      terminal: 'T5',
      name: 'Tests & Docs',
      prefixes: ['test:', 'docs:'],
      rules: ['READ all HANDOFF_*.md files to understand what changed'],
      paths: ['backend/tests/', 'frontend/__tests__/', 'docs/', '/*.md'],
    },
  ],
};
