// The git reads a Territory commit hook makes for the check while Node starts. Node starts a child
// process slowly (it copies its own large address space), and every commit of every domain terminal
// waits for the check: the hook's small sh process runs `git cat-file --batch` and `git diff --cached`
// instead, writes their answers into the check's standard input, and the check reads them there
// (hookScript.ts writes the sh side). Anything unexpected in the stream makes the check ask git
// itself, so a broken stream costs time, never a wrong answer.

/** The stream's first line; the number is its format. */
export const GIT_READS_HEADER = 'territory-git-reads 1';

/**
 * The `git diff --cached` a hook runs for the check: the check's own stagedChanges asks exactly
 * this (renames split into a delete and an add, paths relative to the folder, which is the top
 * level where git runs hooks).
 */
export const STAGED_DIFF_ARGS = [
  'diff',
  '--cached',
  '--name-status',
  '-z',
  '--no-renames',
  '--relative',
  '--no-color',
] as const;

/** The cat-file request for HEAD's commit, and for a file (relative to the folder, `/`-separated) at HEAD. */
export const HEAD_COMMIT_REQUEST = 'HEAD^{commit}';
export function headFileRequest(file: string): string {
  return `HEAD:./${file}`;
}

/** How many files a hook asks for at HEAD at most (the map's candidates among them). */
export const MAX_HEAD_REQUESTS = 40;

export interface BatchObject {
  readonly oid: string;
  readonly type: string;
  /** The object's bytes as UTF-8 text. */
  readonly content: string;
}

/**
 * `git cat-file --batch` output read as latin1 (one character per byte, so that the sizes git
 * states count characters): one entry per request from `start`, undefined for a missing object, and
 * where the answers end; undefined when the output is not in that form.
 */
export function parseBatch(
  output: string,
  count: number,
  start = 0,
): { objects: (BatchObject | undefined)[]; end: number } | undefined {
  const objects: (BatchObject | undefined)[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    const eol = output.indexOf('\n', at);
    if (eol === -1) return undefined;
    const header = output.slice(at, eol);
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      objects.push(undefined);
      at = eol + 1;
      continue;
    }
    const match = /^([0-9a-f]{40,64}) ([a-z]+) (\d+)$/.exec(header);
    const [, oid, type, size] = match ?? [];
    if (oid === undefined || type === undefined || size === undefined) return undefined;
    const from = eol + 1;
    const to = from + Number(size);
    if (to > output.length || output[to] !== '\n') return undefined;
    objects.push({ oid, type, content: Buffer.from(output.slice(from, to), 'latin1').toString('utf8') });
    at = to + 1;
  }
  return { objects, end: at };
}

/** A changed file as `git diff --cached --name-status` states it. */
export interface StagedEntry {
  readonly status: string;
  readonly path: string;
}

/** `git diff --cached --name-status -z --no-renames` output: status and path pairs. */
export function parseStagedDiff(output: string): StagedEntry[] {
  const fields = output.split('\0');
  const files: StagedEntry[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]?.[0];
    const path = fields[i + 1];
    if (status === undefined || path === undefined) break;
    files.push({ status, path });
  }
  return files;
}

export interface HookGitReads {
  /** The cat-file requests (`HEAD^{commit}`, `HEAD:./<file>` …) and their answers, in order. */
  readonly atHead: { readonly requests: readonly string[]; readonly objects: readonly (BatchObject | undefined)[] };
  /** `git diff --cached` output (UTF-8), as STAGED_DIFF_ARGS asks it. */
  readonly staged: string;
}

/**
 * The stream a hook writes (latin1 text), in this form:
 *   territory-git-reads 1\n  <N>\n  <N request lines>  <cat-file --batch output>  \n<exit code>\n
 *   <diff --cached -z output>  \n<exit code>\n
 * Undefined when it is not exactly that, or when either git failed: the check then asks git itself,
 * which also gives git's own message.
 */
export function parseHookGitReads(input: string): HookGitReads | undefined {
  const line = readLine(input, 0);
  if (line?.text !== GIT_READS_HEADER) return undefined;
  const countLine = readLine(input, line.next);
  if (!countLine || !/^\d{1,3}$/.test(countLine.text)) return undefined;
  const count = Number(countLine.text);
  if (count < 1 || count > MAX_HEAD_REQUESTS) return undefined;
  const requests: string[] = [];
  let at = countLine.next;
  for (let i = 0; i < count; i++) {
    const request = readLine(input, at);
    if (!request) return undefined;
    requests.push(request.text);
    at = request.next;
  }
  const batch = parseBatch(input, count, at);
  if (!batch) return undefined;
  const batchCode = exitCode(input, batch.end);
  if (!batchCode || batchCode.code !== 0) return undefined;
  const diffEnd = stagedDiffEnd(input, batchCode.next);
  if (diffEnd === undefined) return undefined;
  const diffCode = exitCode(input, diffEnd);
  if (!diffCode || diffCode.code !== 0 || diffCode.next !== input.length) return undefined;
  return {
    atHead: { requests, objects: batch.objects },
    staged: Buffer.from(input.slice(batchCode.next, diffEnd), 'latin1').toString('utf8'),
  };
}

function readLine(input: string, at: number): { text: string; next: number } | undefined {
  const eol = input.indexOf('\n', at);
  return eol === -1 ? undefined : { text: input.slice(at, eol), next: eol + 1 };
}

/** `\n<digits>\n` at `at`, as the hook's printf writes a command's exit status. */
function exitCode(input: string, at: number): { code: number; next: number } | undefined {
  if (input[at] !== '\n') return undefined;
  const line = readLine(input, at + 1);
  if (!line || !/^\d{1,3}$/.test(line.text)) return undefined;
  return { code: Number(line.text), next: line.next };
}

/**
 * Where the diff's `-z` output that starts at `at` ends: it is status and path pairs, each ended by
 * NUL, and a status is never a line break, so the first pair that starts with one is the trailer.
 */
function stagedDiffEnd(input: string, at: number): number | undefined {
  let i = at;
  while (i < input.length && input[i] !== '\n') {
    const status = input.indexOf('\0', i);
    if (status === -1) return undefined;
    const file = input.indexOf('\0', status + 1);
    if (file === -1) return undefined;
    i = file + 1;
  }
  return i < input.length ? i : undefined;
}
