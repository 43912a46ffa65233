// Territory as a step of a git hook manager (husky, lefthook, pre-commit). A manager owns the
// hooks directory and rewrites it at every re-install (`npm install` runs husky), so Territory's
// own hook files there are lost or renamed; a step in the manager's own configuration survives.
// The step is a marked block: inserted as whole lines, recognised by its markers, and removed by
// uninstall to the byte, so the user's text around it is never touched.
//
// The step runs nothing from the work tree: it calls Territory's hook script kept in the git
// directory (`<git common dir>/territory/hooks/<hook>`, per clone, never committed), which looks
// up the recorded CLI as Territory's own hooks do. A clone without that script (the managers'
// files are committed; another clone may not have installed Territory) refuses a domain terminal's
// commit and warns the lead, as Territory's hooks do when the CLI is missing.
import { HOOK_NAMES, type HookName } from './hookScript';

export const MANAGERS = ['husky', 'lefthook', 'pre-commit'] as const;
export type ManagerName = (typeof MANAGERS)[number];

export const STEP_FORMAT = 1;
const BEGIN = '# >>> territory-step';
const END = '# <<< territory-step';
/** The begin marker's note when Territory created the file: uninstall then deletes it. */
const CREATED = 'file created by Territory';

/** Where Territory keeps the scripts a manager's step calls, below the git common directory. */
export const STEP_SCRIPT_DIR = 'territory/hooks';

/**
 * How the step hands git's arguments and input to the script. husky runs `.husky/<hook>` with
 * git's arguments and input; lefthook substitutes `{1}` `{2}` and passes the input with
 * use_stdin; pre-commit passes the message file as an argument and reads the pushed refs itself,
 * exporting the first one as PRE_COMMIT_* variables, from which git's input line is rebuilt.
 */
function stepCall(manager: ManagerName, hook: HookName): string {
  if (manager === 'husky') return '"$territory_hook" "$@"';
  if (manager === 'lefthook')
    return hook === 'commit-msg'
      ? '"$territory_hook" {1}'
      : hook === 'pre-push'
        ? '"$territory_hook" {1} {2}'
        : '"$territory_hook"';
  if (hook === 'commit-msg') return '"$territory_hook" "$1"';
  if (hook === 'pre-push') {
    return 'printf "%s %s %s %s\\n" "$PRE_COMMIT_LOCAL_BRANCH" "$PRE_COMMIT_TO_REF" "$PRE_COMMIT_REMOTE_BRANCH" "${PRE_COMMIT_FROM_REF:-0000000000000000000000000000000000000000}" | "$territory_hook" "$PRE_COMMIT_REMOTE_NAME" "$PRE_COMMIT_REMOTE_URL"';
  }
  return '"$territory_hook"';
}

/**
 * The step as one line of POSIX sh, without single quotes (it goes into YAML single-quoted
 * scalars and into `sh -c '…'`) and without braces around variables lefthook could read as its
 * own placeholders.
 */
export function stepCommand(manager: ManagerName, hook: HookName): string {
  const missing = 'no Territory hook in this clone (run: territory hooks install)';
  return [
    `territory_hook="$(git rev-parse --git-common-dir)/${STEP_SCRIPT_DIR}/${hook}"`,
    `if [ -x "$territory_hook" ]; then ${stepCall(manager, hook)} || exit $?`,
    `elif [ -n "$TERRITORY_DOMAIN" ]; then echo "territory: ${hook} refused for domain $TERRITORY_DOMAIN: ${missing}" >&2; exit 1`,
    `else echo "territory: warning: ${hook} not checked: ${missing}" >&2; fi`,
  ].join('; ');
}

/** YAML single-quoted scalar. */
function yamlQuote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The lines of the step's body (markers excluded), before indentation. */
function stepBody(manager: ManagerName, hook: HookName | undefined, hookStages: boolean): string[] {
  if (manager === 'husky') return [stepCommand('husky', hook ?? 'pre-commit')];
  if (manager === 'lefthook') {
    return HOOK_NAMES.flatMap((name) => [
      `${name}:`,
      '  commands:',
      '    territory:',
      `      run: ${yamlQuote(stepCommand('lefthook', name))}`,
      ...(name === 'pre-push' ? ['      use_stdin: true'] : []),
    ]);
  }
  // pre-commit before 3.2 (Debian 12 ships 3.0.4) knows the stages `commit` and `push` only; 4.x
  // warns about them at every run. The hooks' own names are used where the configuration shows a
  // pre-commit that knows them (see usesHookStageNames).
  const stage: Record<HookName, string> = hookStages
    ? { 'pre-commit': 'pre-commit', 'commit-msg': 'commit-msg', 'pre-push': 'pre-push' }
    : { 'pre-commit': 'commit', 'commit-msg': 'commit-msg', 'pre-push': 'push' };
  return [
    '- repo: local',
    '  hooks:',
    ...HOOK_NAMES.flatMap((name) => [
      `    - id: territory-${name}`,
      `      name: territory ${name}`,
      `      entry: ${yamlQuote(`sh -c ${`'${stepCommand('pre-commit', name)}'`} territory-${name}`)}`,
      '      language: system',
      `      stages: [${stage[name]}]`,
      // commit-msg's one argument is the message file; the other checks read git, not file names.
      `      pass_filenames: ${name === 'commit-msg' ? 'true' : 'false'}`,
      '      always_run: true',
    ]),
  ];
}

/** The name a block carries: the hook for husky (one file per hook), the manager otherwise. */
function blockName(manager: ManagerName, hook: HookName | undefined): string {
  return manager === 'husky' ? (hook ?? 'pre-commit') : manager;
}

/** The step's whole block, each line ending in "\n", indented for where it goes. */
/**
 * The configuration already names a stage after its hook (`pre-commit`, `pre-push`), or asks for
 * pre-commit 3.2 or later: the pre-commit that reads it knows the hooks' names as stages.
 */
export function usesHookStageNames(config: string): boolean {
  if (/^\s*(?:-\s*)?(?:default_)?stages\s*:.*\b(?:pre-commit|pre-push|pre-merge-commit)\b/m.test(config)) return true;
  const minimum = /^minimum_pre_commit_version\s*:\s*["']?(\d+)\.(\d+)/m.exec(config);
  return minimum !== null && (Number(minimum[1]) > 3 || (Number(minimum[1]) === 3 && Number(minimum[2]) >= 2));
}

export function stepBlock(
  manager: ManagerName,
  hook: HookName | undefined,
  indent: string,
  created: boolean,
  hookStages = false,
): string {
  const name = blockName(manager, hook);
  const note = `format ${STEP_FORMAT}: added by \`territory hooks install\`, removed by \`territory hooks uninstall\`${created ? `; ${CREATED}` : ''}`;
  const lines = [`${BEGIN} ${name} ${note}`, ...stepBody(manager, hook, hookStages), `${END} ${name}`];
  return lines.map((line) => `${indent}${line}\n`).join('');
}

/** Where a step block lies in a file's text. */
export interface FoundStep {
  readonly start: number;
  readonly end: number;
  readonly indent: string;
  readonly created: boolean;
  /** The block is exactly what this version writes there. */
  readonly current: boolean;
}

export type StepSearch =
  { readonly ok: true; readonly step: FoundStep | undefined } | { readonly ok: false; readonly reason: string };

/** The step block in `text`, if any; unbalanced or repeated markers are refused (no one could tell what is Territory's). */
export function findStep(text: string, manager: ManagerName, hook: HookName | undefined, file: string): StepSearch {
  const name = blockName(manager, hook);
  const begins: { at: number; line: number; indent: string; created: boolean }[] = [];
  const ends: { after: number; line: number }[] = [];
  let at = 0;
  let line = 1;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const next = newline === -1 ? text.length : newline + 1;
    const content = text.slice(at, newline === -1 ? text.length : newline);
    const trimmed = content.trimStart();
    const indent = content.slice(0, content.length - trimmed.length);
    if (trimmed === `${BEGIN} ${name}` || trimmed.startsWith(`${BEGIN} ${name} `))
      begins.push({ at, line, indent, created: trimmed.endsWith(`; ${CREATED}`) });
    if (trimmed === `${END} ${name}` || trimmed.startsWith(`${END} ${name} `)) ends.push({ after: next, line });
    at = next;
    line++;
  }
  if (begins.length === 0 && ends.length === 0) return { ok: true, step: undefined };
  const [begin] = begins;
  const [end] = ends;
  if (begins.length !== 1 || ends.length !== 1 || !begin || !end || end.line < begin.line) {
    return {
      ok: false,
      reason: `${file}: Territory's step markers ("${BEGIN} ${name}" / "${END} ${name}") are repeated or out of order (lines ${[
        ...begins,
        ...ends,
      ]
        .map((m) => m.line)
        .sort((a, b) => a - b)
        .join(', ')}); remove the step by hand, then run \`territory hooks install\` again`,
    };
  }
  // A block that ends the file without a newline was inserted after a last line that had none (see insertAt).
  const found = text.slice(begin.at, end.after);
  const complete = end.after === text.length && !found.endsWith('\n') ? found + '\n' : found;
  // pre-commit's block comes with either name for the stages.
  const current = [false, true].some(
    (hookStages) => complete === stepBlock(manager, hook, begin.indent, begin.created, hookStages),
  );
  return { ok: true, step: { start: begin.at, end: end.after, indent: begin.indent, created: begin.created, current } };
}

/** The text without the step: exactly the text it was inserted into. */
export function removeStep(text: string, step: FoundStep): string {
  const glued = step.end === text.length && !text.endsWith('\n') && step.start > 0 && text[step.start - 1] === '\n';
  return text.slice(0, glued ? step.start - 1 : step.start) + text.slice(step.end);
}

/**
 * The block put in at `offset` (a line start, or the end of the text). At the end of a text
 * whose last line has no newline, that line gets one and the block gives up its own last one, so
 * that removeStep gives back the very bytes.
 */
function insertAt(text: string, offset: number, block: string): string {
  if (offset >= text.length && text !== '' && !text.endsWith('\n')) return text + '\n' + block.slice(0, -1);
  return text.slice(0, offset) + block + text.slice(offset);
}

export type StepInsert = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/**
 * husky: the step goes first (after a `#!` line), so that an early `exit 0` in the user's script
 * cannot skip it; the script's input (pre-push's refs) is therefore read by the check.
 */
export function insertHuskyStep(text: string | undefined, hook: HookName): string {
  if (text === undefined || text === '') return stepBlock('husky', hook, '', text === undefined);
  const firstNewline = text.indexOf('\n');
  const at = text.startsWith('#!') && firstNewline !== -1 ? firstNewline + 1 : 0;
  return text.slice(0, at) + stepBlock('husky', hook, '', false) + text.slice(at);
}

/** The top-level keys of a YAML file that start at column 0 (`key:`), with their line numbers. */
function topLevelKeys(text: string): { key: string; line: number; offset: number }[] {
  const keys: { key: string; line: number; offset: number }[] = [];
  let offset = 0;
  text.split('\n').forEach((content, i) => {
    const match = /^([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')\s*:(\s|$)/.exec(content);
    if (match) keys.push({ key: match[1]!.replace(/^["']|["']$/g, ''), line: i + 1, offset });
    offset += content.length + 1;
  });
  return keys;
}

/**
 * lefthook: the step is appended to the clone's local configuration (lefthook-local.yml, merged
 * by lefthook into the committed one, per command name). A local file that already configures
 * one of the three hooks would get a second key: refused, with the line.
 */
export function insertLefthookStep(text: string | undefined, file: string): StepInsert {
  if (text === undefined || text === '')
    return { ok: true, text: stepBlock('lefthook', undefined, '', text === undefined) };
  const taken = topLevelKeys(text).find((k) => (HOOK_NAMES as readonly string[]).includes(k.key));
  if (taken) {
    return {
      ok: false,
      reason: `${file} line ${taken.line} already configures ${taken.key}: Territory would add a second "${taken.key}:" key; move that section to the committed lefthook configuration, then run \`territory hooks install\` again`,
    };
  }
  return { ok: true, text: insertAt(text, text.length, stepBlock('lefthook', undefined, '', false)) };
}

/**
 * pre-commit: a `repo: local` entry added at the end of the `repos:` list (before the next
 * top-level key), indented as the list's own items are.
 */
export function insertPreCommitStep(text: string, file: string): StepInsert {
  const keys = topLevelKeys(text);
  const repos = keys.find((k) => k.key === 'repos');
  if (!repos)
    return {
      ok: false,
      reason: `${file} has no top-level "repos:" list; add \`repos: []\` … as a block list, then run \`territory hooks install\` again`,
    };
  const lines = text.split('\n');
  const reposLine = lines[repos.line - 1]!;
  if (!/^repos\s*:\s*(#.*)?$/.test(reposLine.replace(/^["']repos["']/, 'repos'))) {
    return {
      ok: false,
      reason: `${file} line ${repos.line}: "repos:" is not a block list (one "- repo:" item per line); write it as one, then run \`territory hooks install\` again`,
    };
  }
  const next = keys.find((k) => k.line > repos.line);
  const endLine = next ? next.line - 1 : lines.length;
  let indent: string | undefined;
  // The list ends at its last item line (comments and blank lines after it belong to what follows).
  let lastItemLine = repos.line;
  for (let i = repos.line; i < endLine; i++) {
    const content = lines[i]!;
    if (content.trim() === '' || content.trimStart().startsWith('#')) continue;
    if (indent === undefined) indent = /^(\s*)-(\s|$)/.exec(content)?.[1];
    lastItemLine = i + 1;
  }
  if (indent === undefined) indent = '';
  let offset = 0;
  for (let i = 0; i < lastItemLine; i++) offset += lines[i]!.length + 1;
  return {
    ok: true,
    text: insertAt(
      text,
      Math.min(offset, text.length),
      stepBlock('pre-commit', undefined, indent, false, usesHookStageNames(text)),
    ),
  };
}
