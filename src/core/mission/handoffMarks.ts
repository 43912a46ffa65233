// Handoffs on the Session Board's timeline: when a request appeared in a handoff file and when it
// was ticked done, as the editor saw the files change. A handoff file holds no times, so the
// requests already there when watching starts get none (they still show in the lanes' lists).
import type { ParsedHandoffFile } from '../handoffs/types';

export interface HandoffMark {
  readonly time: number;
  readonly state: 'requested' | 'done';
  readonly from: string;
  readonly to: string;
  /** The handoff file, folder-relative, and the request's first line (zero-based). */
  readonly file: string;
  readonly line: number;
  readonly summary: string;
}

/** Marks kept: the board shows a session, not its archive. */
const MAX_MARKS = 500;

/** Follows the handoff files' requests from one parse to the next. */
export class HandoffChanges {
  /** A request's key → whether it was done when last seen. */
  private known: Map<string, boolean> | undefined;
  private readonly list: HandoffMark[] = [];

  observe(files: readonly ParsedHandoffFile[], now: number): void {
    const next = new Map<string, boolean>();
    for (const file of files) {
      for (const r of file.requests) {
        const to = r.target?.domain;
        if (r.source === undefined || to === undefined) continue;
        const summary = r.file ?? r.change ?? '(request)';
        // Not the line: a request above it moves it. Two equal requests in one file count as one.
        const key = `${file.path}\n${r.source}\n${to}\n${summary}`;
        const done = r.state === 'done';
        next.set(key, done);
        const before = this.known?.get(key);
        if (this.known === undefined || before === done) continue;
        if (before === undefined)
          this.push({ time: now, state: 'requested', from: r.source, to, file: file.path, line: r.startLine, summary });
        if (done)
          this.push({ time: now, state: 'done', from: r.source, to, file: file.path, line: r.startLine, summary });
      }
    }
    this.known = next;
  }

  private push(mark: HandoffMark): void {
    this.list.push(mark);
    if (this.list.length > MAX_MARKS) this.list.splice(0, this.list.length - MAX_MARKS);
  }

  /** The marks of requests from or to `domain`, oldest first. */
  of(domain: string): HandoffMark[] {
    return this.list.filter((m) => m.from === domain || m.to === domain);
  }
}
