// A commitlint configuration that gives every commit message the verdict `territory check
// --message` gives it (the lead's view: any prefix of the map), for teams that lint with commitlint.
//
// commitlint's own defaults cannot say the map's rule: its default parser reads a type as `\w*`
// and knows no `!`, type-enum compares case-sensitively, and its default ignores let through
// subjects Territory refuses (`1.2.3`, `Reapply "…"`, `Merged PR 1: …`, `Automatic merge …`).
// So the export turns the default ignores off (`defaultIgnores: false`) and gives commitlint's
// parser (conventional-commits-parser, which matches `header.match(headerPattern)`, so a string
// from JSON works) the same header expression Territory matches with: the map's prefixes
// (src/core/commits/attribution.ts prefixesPattern) or, for each exemption in force, the
// subjects it lets through (src/core/guard/messageRules.ts EXEMPT_SUBJECTS). A header that
// matches none leaves the subject empty, which `subject-empty` refuses.
// Checked against commitlint 20 itself: test/unit/guard/commitlintParity.test.ts.
import type { JSONPath } from 'jsonc-parser';
import { prefixesPattern } from '../commits/attribution';
import type { DomainMap } from '../types';
import { EXEMPT_SUBJECTS, EXEMPTIONS, type Exemption } from './messageRules';

export interface CommitlintExport {
  /** The conventional names of the map's prefixes (`core` for `core:`), for type-enum. */
  readonly types: string[];
  /** The header expression handed to commitlint's parser. */
  readonly headerPattern: string;
  /** The entries Territory owns in the config file; everything else in it is the user's. */
  readonly values: { readonly path: JSONPath; readonly value: unknown }[];
}

/** A regular expression's source without its anchor and with its groups made non-capturing, to embed it. */
function embedded(re: RegExp): string {
  return re.source.replace(/^\^/, '').replace(/(?<!\\)\((?!\?)/g, '(?:');
}

/** The map's commitlint configuration, or why commitlint cannot be told the map's rule. */
export function commitlintExport(map: DomainMap, exemptions: readonly Exemption[] = EXEMPTIONS): CommitlintExport | { reason: string } {
  const prefixes = map.domains.flatMap((d) => d.prefixes.map((p) => p.trim())).filter((p) => p !== '' && p !== ':');
  if (prefixes.length === 0) return { reason: 'the map has no commit prefix to allow' };
  const types = [...new Set(prefixes.map((p) => (p.endsWith(':') ? p.slice(0, -1) : p)))];
  const exempt = EXEMPTIONS.filter((e) => exemptions.includes(e)).map((e) => embedded(EXEMPT_SUBJECTS[e]));
  // Group 1 the type, 2 the scope, 3 the subject: an exempt subject is read whole as the subject.
  const alternatives = [prefixesPattern(prefixes), ...(exempt.length > 0 ? [`(?=${exempt.join('|')})`] : [])];
  const headerPattern = `^(?:${alternatives.join('|')})(.*)$`;
  return {
    types,
    headerPattern,
    values: [
      { path: ['defaultIgnores'], value: false },
      { path: ['parserPreset'], value: { parserOpts: { headerPattern, headerCorrespondence: ['type', 'scope', 'subject'] } } },
      { path: ['rules', 'type-enum'], value: [2, 'always', types] },
      // Exempt subjects and `[api] x` have no type: the header pattern decides, through the subject.
      { path: ['rules', 'type-empty'], value: [0] },
      { path: ['rules', 'subject-empty'], value: [2, 'never'] },
    ],
  };
}

/**
 * commitlint's other configuration files (its cosmiconfig search places, @commitlint/load
 * lib/utils/load-config.js): when one exists, .commitlintrc.json beside it is shadowed or fights it.
 * package.json and package.yaml count only with a `commitlint` key (packageConfigKey), and are searched first.
 */
export const OTHER_COMMITLINT_CONFIGS = [
  '.commitlintrc',
  '.commitlintrc.yaml',
  '.commitlintrc.yml',
  '.commitlintrc.js',
  '.commitlintrc.cjs',
  '.commitlintrc.mjs',
  '.commitlintrc.ts',
  '.commitlintrc.cts',
  '.commitlintrc.mts',
  'commitlint.config.js',
  'commitlint.config.cjs',
  'commitlint.config.mjs',
  'commitlint.config.ts',
  'commitlint.config.cts',
  'commitlint.config.mts',
];

export const COMMITLINT_FILE = '.commitlintrc.json';

/** Whether a package.json / package.yaml text configures commitlint (its `commitlint` key). */
export function packageConfigKey(file: 'package.json' | 'package.yaml', text: string): boolean {
  if (file === 'package.yaml') return /^commitlint\s*:/m.test(text);
  try {
    const data: unknown = JSON.parse(text);
    return typeof data === 'object' && data !== null && !Array.isArray(data) && 'commitlint' in data;
  } catch {
    return false;
  }
}
