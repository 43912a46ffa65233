// The subject git will record for a message file that the commit-msg hook sees: which lines git
// drops as comments depends on core.commentChar (`auto` included), commit.cleanup and whether the
// message went through an editor. Judging any other line would judge a subject git never records.
import { messageSubject } from './messageRules';

/** The characters git tries, in order, when core.commentChar is `auto`. */
const AUTO_CANDIDATES = '#;@!$%^&|:';

/**
 * git's choice for core.commentChar=auto (builtin/commit.c): `#` unless the message holds a `#`
 * anywhere; then the first candidate that starts no line of the message. Undefined when every
 * candidate starts a line (git then refuses the commit).
 */
export function autoCommentChar(message: string): string | undefined {
  if (!message.includes('#')) return '#';
  const used = new Set<string>();
  if (message.length > 0) used.add(message.charAt(0));
  for (let i = 0; i + 1 < message.length; i++)
    if (message[i] === '\n' || message[i] === '\r') used.add(message.charAt(i + 1));
  return [...AUTO_CANDIDATES].find((c) => !used.has(c));
}

export interface MessageCleanup {
  /** core.commentChar as configured ('' when unset, `auto`, or a character). */
  readonly commentSetting: string;
  /** commit.cleanup as configured ('' when unset). */
  readonly cleanup: string;
  /** Whether git opened an editor on the message (hooks get GIT_EDITOR=: when it did not). */
  readonly editing: boolean;
}

/**
 * The comment character git uses for this message file. With `auto`, the file the hook sees also
 * holds git's own comment lines in the character it chose, so the scissors line or the
 * "Please enter the commit message" line names it; without them, git's rule on the file itself.
 */
export function commentCharFor(text: string, setting: string): string | undefined {
  if (setting === '') return '#';
  if (setting !== 'auto') return setting[0];
  const own = /^(.) (?:-{24} >8 -{24}|Please enter the commit message)/m.exec(text);
  return own ? own[1] : autoCommentChar(text);
}

/** The subject line git records for the message file `text` under `cleanup`. */
export function recordedSubject(text: string, cleanup: MessageCleanup): string {
  const mode =
    cleanup.cleanup === '' || cleanup.cleanup === 'default'
      ? cleanup.editing
        ? 'strip'
        : 'whitespace'
      : cleanup.cleanup;
  // verbatim, whitespace and scissors keep comment lines (scissors only cuts below its line).
  if (mode !== 'strip') return messageSubject(text, '');
  return messageSubject(text, commentCharFor(text, cleanup.commentSetting) ?? '#');
}
