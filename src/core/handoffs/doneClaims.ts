// How the owner of a requested file marks the request done from inside its own sandbox. The
// request lives in the requester's handoff file, which the owner's agent may not write (the guard
// and the OS sandbox both refuse it: each domain writes only its own handoff file). So the owner
// writes a one-line claim into ITS OWN handoff file, an HTML comment the seed's format ignores:
//   <!-- territory: done CORE 0123456789abcdef -->
// (the requester's domain and the request's key, inbox.ts's requestKey). A claim counts only for a
// request addressed to the domain whose file holds it, so no domain can close another's requests;
// the requester's own hook then checks the boxes in the requester's file (src/cli/handoffCommand.ts)
// and tells its agent, at its next turn.
import type { HandoffRequest, ParsedHandoffFile } from './types';
import { requestKey } from './inbox';
import { analyzeHandoffFile, type HandoffContext } from './validate';

const CLAIM = /^<!-- territory: done ([A-Za-z][A-Za-z0-9_]*) ([0-9a-f]{16}) -->$/;

export function claimLine(requester: string, key: string): string {
  return `<!-- territory: done ${requester} ${key} -->`;
}

/** `requester key` pairs claimed done in a file's text. */
export function claimsIn(text: string): Set<string> {
  const claims = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = CLAIM.exec(line.trim());
    if (match) claims.add(`${match[1]} ${match[2]}`);
  }
  return claims;
}

/** What to append to the owner's handoff file (its text now) so that it holds the claim; '' when it already does. */
export function claimAppend(ownerText: string, owner: string, requester: string, key: string): string {
  if (claimsIn(ownerText).has(`${requester} ${key}`)) return '';
  const eol = ownerText.includes('\r\n') ? '\r\n' : '\n';
  const line = claimLine(requester, key);
  // A blank line first: right after a checklist line, the comment would be read as that item's continuation.
  if (ownerText.trim() === '') return `# Handoff from ${owner}${eol}${eol}${line}${eol}`;
  const trailing = /(\r?\n)*$/.exec(ownerText)?.[0] ?? '';
  const newlines = trailing.split('\n').length - 1;
  return `${eol.repeat(Math.max(0, 2 - newlines))}${line}${eol}`;
}

/** Whether the request's target has claimed it done in its own file (`files` parsed, `texts` by path). */
export function isClaimedDone(
  request: HandoffRequest,
  files: readonly ParsedHandoffFile[],
  texts: ReadonlyMap<string, string>,
): boolean {
  const target = request.target?.domain;
  if (target === undefined || request.source === undefined) return false;
  const ownerFile = files.find((f) => f.source.fileName === target);
  const text = ownerFile === undefined ? undefined : texts.get(ownerFile.path);
  return text !== undefined && claimsIn(text).has(`${request.source} ${requestKey(request)}`);
}

/**
 * The files with every request its target has claimed done (isClaimedDone) marked `claimedBy`:
 * it no longer counts as open (isOpen), in the Handoffs view, its counts and `territory handoffs`,
 * while its boxes wait for the requester's hook. A request already done is left as it is.
 */
export function withDoneClaims(
  files: readonly ParsedHandoffFile[],
  texts: ReadonlyMap<string, string>,
): ParsedHandoffFile[] {
  const claimer = (r: HandoffRequest) =>
    r.state !== 'done' && isClaimedDone(r, files, texts) ? r.target?.domain : undefined;
  return files.map((file) => {
    if (!file.requests.some((r) => claimer(r) !== undefined)) return file;
    return {
      ...file,
      requests: file.requests.map((r) => ((by) => (by === undefined ? r : { ...r, claimedBy: by }))(claimer(r))),
    };
  });
}

/** Parses handoff files as read (readHandoffTexts) and reads their targets' claims. */
export function analyzeHandoffTexts(
  texts: readonly { readonly path: string; readonly text: string }[],
  context: HandoffContext,
): ParsedHandoffFile[] {
  return withDoneClaims(
    texts.map((f) => analyzeHandoffFile(f.path, f.text, context)),
    new Map(texts.map((f) => [f.path, f.text])),
  );
}
