// The git hooks Territory installs. One POSIX sh script per hook, identical but for the hook's
// name (a constant from HOOK_NAMES): no path, id or setting is written into it, so there is nothing
// to quote and nothing that goes stale when the extension is updated or moved. The CLI is found
// when the hook runs (see the lookup in the script).
import type { Hash } from 'node:crypto';
import { CLEANUP_ENV, COMMENT_CHAR_ENV, GIT_READS_ENV, MESSAGE_CONFIG_ENV } from './hookEnv';
import {
  GIT_READS_HEADER,
  HEAD_COMMIT_REQUEST,
  headFileRequest,
  MAX_HEAD_REQUESTS,
  STAGED_DIFF_ARGS,
} from './gitReads';
import { MAP_FILE_NAME } from '../types';
import { SETTINGS_FILE } from '../settings';
import { SESSION_FILE } from '../session';

/**
 * A sha256 hasher, node's crypto module loaded on first use: the CLI bundle holds this file, and
 * loading crypto at start cost every command (status, validate, owner …) milliseconds for the
 * hooks' install and status alone.
 */
function sha256(): Hash {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:crypto') as typeof import('node:crypto')).createHash('sha256');
}

export const HOOK_NAMES = ['pre-commit', 'commit-msg', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** The second line of every Territory hook; also how install, status and uninstall recognise one. */
export const HOOK_MARKER = '# territory-hook';
export const HOOK_FORMAT = 4;

/** Where the hook a Territory hook replaced is kept, beside it, and called first. */
export const CHAINED_SUFFIX = '.territory-chained';

/** The environment variable that skips Territory's checks (the chained hooks still run). */
export const SKIP_ENV = 'TERRITORY_SKIP_HOOKS';

const CHECK_ARGS: Record<HookName, string> = {
  // The domain terminal's files against its territory.
  'pre-commit': 'check --staged --hook',
  // The message's prefix, and (for the lead, who has no domain) the staged files against the prefix's domain.
  'commit-msg': 'check --message "$1" --staged --hook',
  // No force push, no deleting the shared branch, and the pushed commits as CI will check them.
  'pre-push': 'check --pre-push "--remote=$1" --hook',
};

/**
 * The sha256 of each hook exactly as format 1 wrote it (before its text carried its own digest):
 * such a hook is outdated, and may be replaced; any other text under the marker was edited.
 */
const FORMAT_1_DIGESTS: Record<HookName, string> = {
  'pre-commit': '09908882126fcb28d093e12c1c4b5483dcc0ddd7df8500c38f09b962ec3fef98',
  'commit-msg': '6f3e9941a117c31ef33b1b8f5686f8370d7fc19635788035681e823bfb232e71',
  'pre-push': 'e9b230713c531f647eb21ef8609a79240e6acf4c1fbf765a57b1384631db2ad9',
};

/** The digest a hook's marker line carries: of every line but that one. */
function bodyDigest(text: string): string {
  return sha256()
    .update(
      text
        .split('\n')
        .filter((_, i) => i !== 1)
        .join('\n'),
    )
    .digest('hex');
}

/** A Territory hook as Territory wrote it (this version or an earlier one), or changed since by someone. */
export type HookTextKind = 'current' | 'earlier' | 'edited';

export function hookTextKind(hook: HookName, text: string): HookTextKind {
  if (text === hookScript(hook)) return 'current';
  const sealed = /^# territory-hook [a-z-]+ format \d+ sha256:([0-9a-f]{64})$/m.exec(text.split('\n', 2)[1] ?? '');
  if (sealed) return sealed[1] === bodyDigest(text) ? 'earlier' : 'edited';
  return sha256().update(text).digest('hex') === FORMAT_1_DIGESTS[hook] ? 'earlier' : 'edited';
}

export function isTerritoryHook(text: string): boolean {
  return text.split('\n', 3).some((line) => line.startsWith(HOOK_MARKER));
}

/** The format a Territory hook was written in, for "installed but outdated". */
export function hookFormat(text: string): number | undefined {
  const match = /^# territory-hook [a-z-]+ format (\d+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * The hook's text. Its marker line carries the digest of the rest, so that an edit made later is
 * told apart from a hook an earlier version wrote (install and uninstall keep edited hooks).
 */
export function hookScript(hook: HookName): string {
  const text = hookBody(hook);
  const lines = text.split('\n');
  lines[1] = `${lines[1]} sha256:${bodyDigest(text)}`;
  return lines.join('\n');
}

/**
 * The commit hooks' git reads for the check, written into its standard input while Node starts
 * (core/guard/gitReads.ts has the form and why). HEAD's commit, the files the check judges with at
 * HEAD (the map: territory.json or a markdown file at the top; the settings; the session file),
 * then the staged files, with the options Territory's own git calls carry (core.fsmonitor off, no
 * replace refs). A name holding a line break cannot be a cat-file request and is left out.
 */
function gitReadsFunction(): string {
  const sq = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const fixed = [HEAD_COMMIT_REQUEST, ...[MAP_FILE_NAME, SETTINGS_FILE, SESSION_FILE].map(headFileRequest)]
    .map(sq)
    .join(' ');
  return `newline='
'
git_reads() {
  set -- ${fixed}
  for file in *.[mM][dD]; do
    [ -f "$file" ] && [ $# -lt ${MAX_HEAD_REQUESTS} ] || continue
    case $file in *"$newline"*) continue ;; esac
    set -- "$@" "${headFileRequest('$file')}"
  done
  printf '%s\\n%s\\n' '${GIT_READS_HEADER}' "$#"
  printf '%s\\n' "$@"
  printf '%s\\n' "$@" | GIT_NO_REPLACE_OBJECTS=1 git -c core.fsmonitor=false cat-file --batch 2>/dev/null
  printf '\\n%s\\n' "$?"
  GIT_NO_REPLACE_OBJECTS=1 git -c core.fsmonitor=false ${STAGED_DIFF_ARGS.join(' ')} 2>/dev/null
  printf '\\n%s\\n' "$?"
}
`;
}

/** The commit hooks' git reads as a script of their own, the very text the hooks carry: it prints the stream in the folder it runs in. */
export function hookGitReadsScript(): string {
  return `${gitReadsFunction()}git_reads\n`;
}

function hookBody(hook: HookName): string {
  const stdin = hook === 'pre-push';
  // The commit hooks hand the check git's answers; pre-push's standard input is git's list of refs.
  const reads = !stdin;
  return `#!/bin/sh
${HOOK_MARKER} ${hook} format ${HOOK_FORMAT}
# Installed by Territory ("Territory: Install Git Hooks" or \`territory hooks install\`); removed by
# \`territory hooks uninstall\`, which puts back the hook this one replaced, byte for byte.
#
# Emergency bypass: ${SKIP_ENV}=1 git ... skips Territory's checks (hooks it chains still run);
# git commit --no-verify / git push --no-verify skips every hook.
hook_name=${hook}
# The hook's folder without a dirname process (one fork fewer in every commit), as dirname answers.
case $0 in
  */*) hook_dir=\${0%/*} ;;
  *) hook_dir=. ;;
esac
[ -n "$hook_dir" ] || hook_dir=/
chained="$hook_dir/$hook_name${CHAINED_SUFFIX}"
${
  stdin
    ? `# git writes the refs to push on stdin: keep them for the chained hook and for the check.
input=$(cat)
feed() { if [ -n "$input" ]; then printf '%s\\n' "$input"; fi; }
`
    : ''
}
# The hook that was here before runs first, with the same arguments${stdin ? ' and input' : ''}, and under the
# name git gives this hook: hook managers find their work from $0 (husky v9's stub sources
# "$(dirname "$0")/h", which runs ../$(basename "$0")). A shell script is therefore read by its own
# shell with $0 set to this hook's path; any other program is run as it is.
chained_shell() {
  IFS= read -r first < "$chained" || [ -n "$first" ] || return 0
  # No #! line (a binary, or a script sh runs anyway): run it as it is.
  case $first in
    '#!'*) ;;
    *) return 0 ;;
  esac
  set -f
  # shellcheck disable=SC2086 # the #! line's words, as the kernel would split them
  set -- \${first#??}
  set +f
  if [ "\${1##*/}" = env ]; then shift; fi
  # Only shells whose "." keeps $0; zsh and ksh set it to the sourced file.
  case \${1##*/} in
    sh | dash | bash | ash) echo "$*" ;;
  esac
}
run_chained() {
  shell=$(chained_shell)
  if [ -n "$shell" ]; then
    # shellcheck disable=SC2086 # the interpreter and its options from the #! line
    TERRITORY_CHAINED_HOOK=$chained $shell -c '. "$TERRITORY_CHAINED_HOOK"' "$0" "$@"
  else
    "$chained" "$@"
  fi
}
# A chained hook that is itself a Territory hook would call itself again: run it once.
if [ -x "$chained" ] && [ "\${TERRITORY_CHAINED_HOOK:-}" != "$chained" ]; then
  ${stdin ? 'feed | run_chained "$@" || exit $?' : 'run_chained "$@" || exit $?'}
fi

if [ "\${${SKIP_ENV}:-}" = 1 ]; then
  echo "territory: ${SKIP_ENV}=1, Territory's $hook_name check skipped" >&2
  exit 0
fi

# Git's reads for the check run while the recorded CLI is looked up and Node starts: the hook's
# remaining work is one pipeline, ${reads ? 'git_reads' : 'feed'} into territory_check.
${reads ? gitReadsFunction() : ''}run_cli() {
  case "$cli" in
    "") return 127 ;;
    *.js | *.cjs | *.mjs)
      [ -f "$cli" ] || return 127
      # The check's own small bundle beside the recorded CLI (dist/check.js) starts faster, and every
      # commit of every domain terminal waits for it; a CLI pinned by its hash runs as recorded.
      entry=$cli
      if [ -z "\${expected:-}" ] && [ "\${1:-}" = check ] && [ -f "\${cli%/*}/check.js" ]; then entry=\${cli%/*}/check.js; fi
      # The extension records the Node.js it runs on; VS Code's own binary acts as Node with ELECTRON_RUN_AS_NODE.
      if [ -n "$node_bin" ] && [ -x "$node_bin" ]; then
        ELECTRON_RUN_AS_NODE=1 "$node_bin" "$entry" "$@"
      elif command -v node >/dev/null 2>&1; then
        node "$entry" "$@"
      else
        return 127
      fi
      ;;
    *) command -v "$cli" >/dev/null 2>&1 || [ -x "$cli" ] || return 127
      "$cli" "$@" ;;
  esac
}

territory_check() {
  # The CLI the user recorded, looked up at every run: TERRITORY_CLI, then \`git config territory.cli\`
  # (the extension records its own copy each time it starts, so an update or a move heals itself;
  # \`territory hooks install --cli FILE\` records another), then \`territory\` on PATH. Nothing in the
  # work tree is looked for: checking out a branch must never make that branch's files the checker.
  # A recorded file inside the work tree is run only while it is the very file recorded
  # (territory.cliHash, its git object id): a checkout that changes it stops the check instead.
  cli=
  unusable=
  expected=
  # The keys in one git process (every commit of every domain terminal pays for each process): the
  # recorded CLI, its hash and its Node, and how git will clean a message (core.commentChar,
  # commit.cleanup), which commit-msg hands to the check so that it does not ask git again.
  # \`--get-regexp\` prints "key value" lines, keys in lower case, a key's last value last. A value
  # holding a line break (or no value) does not fit that form: then each of Territory's keys is asked
  # on its own, as before, and the check reads the message settings itself.
  recorded=
  recorded_hash=
  node_bin=
  comment_char=
  cleanup=
  config=$(git config --get-regexp '^(territory\\.(cli|clihash|node)|core\\.commentchar|commit\\.cleanup)$' 2>/dev/null)
  while IFS= read -r line; do
    case $line in
      '') ;;
      'territory.cli '*) recorded=\${line#territory.cli } ;;
      'territory.clihash '*) recorded_hash=\${line#territory.clihash } ;;
      'territory.node '*) node_bin=\${line#territory.node } ;;
      'core.commentchar '*) comment_char=\${line#core.commentchar } ;;
      'commit.cleanup '*) cleanup=\${line#commit.cleanup } ;;
      *) config=unreadable ;;
    esac
  done <<TERRITORY_CONFIG
$config
TERRITORY_CONFIG
  if [ "$config" = unreadable ]; then
    recorded=$(git config --get territory.cli 2>/dev/null)
    recorded_hash=$(git config --get territory.cliHash 2>/dev/null)
    node_bin=$(git config --get territory.node 2>/dev/null)
    unset ${MESSAGE_CONFIG_ENV}
  else
    ${MESSAGE_CONFIG_ENV}=1
    ${COMMENT_CHAR_ENV}=$comment_char
    ${CLEANUP_ENV}=$cleanup
    export ${MESSAGE_CONFIG_ENV} ${COMMENT_CHAR_ENV} ${CLEANUP_ENV}
  fi
  if [ -n "\${TERRITORY_CLI:-}" ]; then
    cli=$TERRITORY_CLI
  else
    if [ -n "$recorded" ] && [ -e "$recorded" ]; then
      cli=$recorded
      expected=$recorded_hash
      if [ -n "$expected" ] && [ "$(git hash-object --no-filters -- "$cli" 2>/dev/null)" != "$expected" ]; then
        unusable="$cli is not the file recorded by \\\`territory hooks install --cli\\\` (a checkout or an edit changed it); review it and record it again"
      fi
    elif command -v territory >/dev/null 2>&1; then
      cli=territory
    else
      cli=$recorded
    fi
  fi

  if [ -n "$unusable" ]; then
    status=126
  else
    ${
      reads
        ? `${GIT_READS_ENV}=1
    export ${GIT_READS_ENV}
    `
        : ''
    }run_cli ${CHECK_ARGS[hook]}
    status=$?
    case $status in
      0 | 1) return $status ;;
    esac
  fi

  # The check could not run (no CLI: 127, or an unreadable map: 2). An agent's terminal, which
  # carries TERRITORY_DOMAIN, must not commit unchecked; the lead is warned and not stopped, so
  # a moved or removed extension never locks a person out of git.
  if [ -n "$unusable" ]; then
    reason=$unusable
  elif [ $status -eq 127 ]; then
    reason="the territory CLI was not found (TERRITORY_CLI, git config territory.cli, territory on PATH)"
  else
    reason="the check ended with status $status (see above)"
  fi
  if [ -n "\${TERRITORY_DOMAIN:-}" ]; then
    echo "territory: $hook_name refused for domain $TERRITORY_DOMAIN: $reason." >&2
    echo "territory: open the repository in VS Code with Territory (it records the CLI) or set TERRITORY_CLI; in an emergency, ${SKIP_ENV}=1 or --no-verify." >&2
    return 1
  fi
  echo "territory: warning: $hook_name not checked: $reason." >&2
  return 0
}
${reads ? 'git_reads' : 'feed'} | territory_check "$@"
exit $?
`;
}
