// A commitlint configuration that allows exactly the map's prefixes, for teams that already lint
// commit messages. `core:` is the conventional-commit type `core`; `core(models):` stays valid.
import type { JSONPath } from 'jsonc-parser';
import type { DomainMap } from '../types';

export interface CommitlintExport {
  readonly types: string[];
  /** Prefixes commitlint's conventional parser cannot read as a type. */
  readonly skipped: { readonly domain: string; readonly prefix: string; readonly reason: string }[];
  /** The entries Territory owns in the config file; everything else in it is the user's. */
  readonly values: { readonly path: JSONPath; readonly value: unknown }[];
}

/** commitlint's default parser reads the type with `\w*` before `(scope)`, `!` or `:`. */
const TYPE = /^(\w+):?$/;

export function commitlintExport(map: DomainMap): CommitlintExport {
  const types: string[] = [];
  const skipped: CommitlintExport['skipped'][number][] = [];
  for (const domain of map.domains) {
    for (const prefix of domain.prefixes) {
      const match = TYPE.exec(prefix.trim());
      if (!match || !prefix.trim().endsWith(':')) {
        skipped.push({ domain: domain.id, prefix, reason: 'commitlint reads a type as word characters followed by ":"' });
        continue;
      }
      if (!types.includes(match[1])) types.push(match[1]);
    }
  }
  return {
    types,
    skipped,
    values: [
      { path: ['rules', 'type-enum'], value: [2, 'always', types] },
      { path: ['rules', 'type-empty'], value: [2, 'never'] },
    ],
  };
}

/** commitlint's other configuration files: when one exists, writing .commitlintrc.json beside it would be ignored or fight it. */
export const OTHER_COMMITLINT_CONFIGS = [
  '.commitlintrc',
  '.commitlintrc.yaml',
  '.commitlintrc.yml',
  '.commitlintrc.js',
  '.commitlintrc.cjs',
  '.commitlintrc.mjs',
  '.commitlintrc.ts',
  '.commitlintrc.cts',
  'commitlint.config.js',
  'commitlint.config.cjs',
  'commitlint.config.mjs',
  'commitlint.config.ts',
  'commitlint.config.cts',
];

export const COMMITLINT_FILE = '.commitlintrc.json';
