// A commitlint configuration that gives every commit message the verdict `territory check
// --message` gives it (the lead's view: any prefix of the map), for teams that lint with commitlint.
//
// commitlint's own defaults cannot say the map's rule: its default parser reads a type as `\w*`
// and knows no `!`, type-enum compares case-sensitively, and its default ignores let through
// subjects Territory refuses (`1.2.3`, `Reapply "…"`, `Merged PR 1: …`, `Automatic merge …`).
// Nor can its parser see the subject git records (comment lines kept under `git commit -m`, a
// leading CR, blank first lines, U+2028): the verdict is a rule of a local plugin that reads the
// raw message (commitlintPlugin.ts), in a module the config file extends. The config file keeps
// `defaultIgnores: false`, type-enum for the map's names (for configurations that extend
// config-conventional) and parser options that make commitlint parse every line: nested under
// `parser` (@commitlint/parse reads `parserOpts.parser` before `parserOpts`), they are out of reach
// of the comment character the CLI sets on `parserOpts` with `--edit`, which would drop a
// `#core: x` subject git keeps and make commitlint skip the message as empty.
// Checked against commitlint 20 itself: test/unit/core/guard/commitlintParity.test.ts.
import type { JSONPath } from 'jsonc-parser';
import { prefixesPattern } from '../commits/attribution';
import type { DomainMap } from '../types';
import { commitlintPluginSource, SUBJECT_RULE } from './commitlintPlugin';
import { EXEMPT_SUBJECTS, EXEMPTIONS, type Exemption } from './messageRules';

export interface CommitlintExport {
  /** The conventional names of the map's prefixes (`core` for `core:`), for type-enum. */
  readonly types: string[];
  /** The header expression handed to commitlint's parser: the accepted subjects of recorded history. */
  readonly headerPattern: string;
  /** The accepted subjects while a commit is made (a merge is known by MERGE_HEAD there, not by its text). */
  readonly commitPattern: string;
  /** The entries Territory owns in the config file; everything else in it is the user's. */
  readonly values: { readonly path: JSONPath; readonly value: unknown }[];
  /** The plugin module the config file extends (commitlintPlugin.ts). */
  readonly plugin: string;
}

/** Where the plugin module goes, relative to the map's folder: Territory's own folder, the lead's. */
export const COMMITLINT_PLUGIN_FILE = '.territory/commitlint.cjs';

/** A regular expression's source without its anchor and with its groups made non-capturing, to embed it. */
function embedded(re: RegExp): string {
  return re.source.replace(/^\^/, '').replace(/(?<!\\)\((?!\?)/g, '(?:');
}

/** Group 1 the type, 2 the scope, the last the subject: an exempt subject is read whole as the subject. */
function subjectPattern(prefixes: readonly string[], exempt: readonly Exemption[]): string {
  const lookaheads = exempt.map((e) => embedded(EXEMPT_SUBJECTS[e]));
  const alternatives = [prefixesPattern(prefixes), ...(lookaheads.length > 0 ? [`(?=${lookaheads.join('|')})`] : [])];
  // `[\s\S]`, not `.`: git splits lines at LF only, so a U+2028 is part of the subject.
  return `^(?:${alternatives.join('|')})([\\s\\S]*)$`;
}

/** The map's commitlint configuration, or why commitlint cannot be told the map's rule. */
export function commitlintExport(
  map: DomainMap,
  exemptions: readonly Exemption[] = EXEMPTIONS,
): CommitlintExport | { reason: string } {
  const prefixes = map.domains.flatMap((d) => d.prefixes.map((p) => p.trim())).filter((p) => p !== '' && p !== ':');
  if (prefixes.length === 0) return { reason: 'the map has no commit prefix to allow' };
  const types = [...new Set(prefixes.map((p) => (p.endsWith(':') ? p.slice(0, -1) : p)))];
  const inForce = EXEMPTIONS.filter((e) => exemptions.includes(e));
  const headerPattern = subjectPattern(prefixes, inForce);
  const commitPattern = subjectPattern(
    prefixes,
    inForce.filter((e) => e !== 'merge'),
  );
  const parser = { headerPattern, headerCorrespondence: ['type', 'scope', 'subject'] };
  return {
    types,
    headerPattern,
    commitPattern,
    plugin: commitlintPluginSource({
      commitPattern,
      historyPattern: headerPattern,
      mergeExempt: inForce.includes('merge'),
      prefixes,
    }),
    values: [
      { path: ['defaultIgnores'], value: false },
      { path: ['parserPreset'], value: { parserOpts: { parser } } },
      { path: ['rules', 'type-enum'], value: [2, 'always', types] },
      // The plugin's rule decides on the subject git records; the parsed header may not be it.
      { path: ['rules', 'type-empty'], value: [0] },
      { path: ['rules', 'subject-empty'], value: [0] },
      { path: ['rules', SUBJECT_RULE], value: [2, 'always'] },
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
