// `territory handoff add` and `territory handoff done`, the parts that decide: what a request may
// hold (one line per field, as the seed's template has it) and the command the agent guard quotes
// when it keeps a blocked edit's change. The CLI (src/cli/handoffCommand.ts) reads and writes the files.
import { quoteArg } from '../agentCommand';

/** A field longer than this is no request line: a design belongs in a patch or a file. */
export const MAX_FIELD_LENGTH = 2000;

/** Characters that would break the one-line-per-field format or act on a terminal (C0, DEL, C1, line and paragraph separators). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `text` cannot be a request field, or undefined. `name` is the option, for the message. */
export function fieldProblem(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return `${name} is required`;
  if (text.trim() === '') return `${name} is empty: say it in one line`;
  const bad = BREAKING.exec(text);
  if (bad !== null) {
    const what =
      bad[0] === '\n' || bad[0] === '\r'
        ? 'a line break'
        : `the control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}`;
    return `${name} holds ${what} at position ${bad.index + 1}: a request field is one line of the handoff file (a line break would start another line of markdown)`;
  }
  if (text.length > MAX_FIELD_LENGTH)
    return `${name} is ${text.length} characters long, more than ${MAX_FIELD_LENGTH}: put the details in a patch (--patch) and summarise here`;
  return undefined;
}

/** Why `file` cannot be a request's File (after it was made folder-relative), or undefined. */
export function fileFieldProblem(file: string): string | undefined {
  const problem = fieldProblem('--file', file);
  if (problem !== undefined) return problem;
  // The template writes the path between backticks: one inside would end the code span early.
  if (file.includes('`')) return `--file ${file}: a path with a backtick cannot be written in the handoff file`;
  return undefined;
}

/** `yes`/`no` in any case. */
export function parseBlockingOption(value: string | undefined): boolean | string {
  const text = value?.trim().toLowerCase();
  if (text === 'yes') return true;
  if (text === 'no') return false;
  return value === undefined
    ? '--blocking is required: yes (your work waits for it) or no'
    : `--blocking ${value.slice(0, 40)}: yes or no`;
}

function word(text: string): string {
  return /^[A-Za-z0-9_./:@%+-]+$/.test(text) ? text : quoteArg(text, 'posix');
}

/** The one command that files a request for `file` to `to`, with the kept patch; the agent fills in the placeholders. */
export function handoffAddCommand(request: {
  readonly to: string;
  readonly file: string;
  readonly patch?: string;
}): string {
  const patch = request.patch === undefined ? '' : ` --patch ${word(request.patch)}`;
  return `territory handoff add --to ${word(request.to)} --file ${word(request.file)} --change '<what needs to change>' --reason '<why you need it>' --blocking yes${patch}`;
}
