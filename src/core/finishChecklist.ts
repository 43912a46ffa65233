// What the Finish Session view shows: one row for where the session stands, the notes, one row
// per check with its state and the items it found (each at its file and line), and the next
// action — merge or open the pull request when all passed, open the handoff that blocks, or run
// the checks again. Pure: the view (src/features/commits/finishView.ts) draws these rows.
import type { FinishChecks, FinishLocation, FinishStepResult } from './finish';
import { FINISH_STEPS } from './finish';

export type ChecklistState = 'passed' | 'failed' | 'not run' | 'running' | 'ready' | 'stopped' | 'info';

export type ChecklistAction =
  | { readonly kind: 'merge'; readonly base: string }
  | { readonly kind: 'pr'; readonly base: string }
  | { readonly kind: 'open'; readonly location: FinishLocation }
  | { readonly kind: 'rerun' };

export interface ChecklistItem {
  readonly text: string;
  readonly location?: FinishLocation;
}

export interface ChecklistRow {
  /** Stable per row, so the view keeps its expansion across runs. */
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly state: ChecklistState;
  readonly items: readonly ChecklistItem[];
  readonly action?: ChecklistAction;
}

/** Where a run stands: checking, done (the checks), or stopped before any check (`stopped`: why). */
export interface ChecklistInput {
  readonly head?: string;
  readonly base?: string;
  /** Whether `base` is a local branch (a merge needs one). */
  readonly localBase?: boolean;
  readonly notes?: readonly string[];
  readonly running?: boolean;
  readonly checks?: FinishChecks;
  readonly stopped?: string;
  /** What the next action did (merged, pull request opened): the session is finished. */
  readonly done?: string;
}

/** Stopped before the checks but not for a fault: the branch has no commits to finish yet. */
function waiting(reason: string): boolean {
  return reason.startsWith('no session commits yet');
}

export function finishChecklist(input: ChecklistInput): ChecklistRow[] {
  const { head, base, checks } = input;
  const rows: ChecklistRow[] = [];
  const label = head !== undefined && base !== undefined ? `${head} → ${base}` : 'Finish Session';
  if (input.done !== undefined)
    rows.push({ key: 'status', label, description: input.done, state: 'passed', items: [] });
  else if (input.stopped !== undefined)
    rows.push({
      key: 'status',
      label,
      description: input.stopped,
      state: waiting(input.stopped) ? 'info' : 'stopped',
      items: [],
    });
  else if (input.running || checks === undefined)
    rows.push({ key: 'status', label, description: 'checking…', state: 'running', items: [] });
  else if (checks.ok)
    rows.push({
      key: 'status',
      label,
      description: 'all checks passed: merge, or open a pull request',
      state: 'ready',
      items: [],
    });
  else if (checks.failed)
    rows.push({ key: 'status', label, description: `stopped at "${checks.failed.title}"`, state: 'failed', items: [] });
  else
    rows.push({
      key: 'status',
      label,
      description: 'cancelled: the remaining checks did not run',
      state: 'stopped',
      items: [],
    });
  (input.notes ?? []).forEach((note, i) =>
    rows.push({ key: `note:${i}`, label: 'Note', description: note, state: 'info', items: [] }),
  );

  const steps: readonly Pick<FinishStepResult, 'id' | 'title' | 'state' | 'summary' | 'details' | 'locations'>[] =
    checks?.steps ??
    FINISH_STEPS.map((s) => ({
      ...s,
      state: 'not run' as const,
      summary: input.stopped !== undefined ? 'not run' : 'waiting',
    }));
  for (const step of steps) {
    const items = (step.details ?? []).map((text, i) => ({ text, location: step.locations?.[i] }));
    const state: ChecklistState = input.running && checks === undefined ? 'running' : step.state;
    rows.push({ key: `step:${step.id}`, label: step.title, description: step.summary, state, items });
  }

  for (const action of nextActions(input)) rows.push(action);
  return rows;
}

function nextActions(input: ChecklistInput): ChecklistRow[] {
  const { checks, base } = input;
  if (input.running || input.done !== undefined) return [];
  if (checks?.ok && base !== undefined) {
    const actions: ChecklistRow[] = [];
    if (input.localBase !== false)
      actions.push({
        key: 'action:merge',
        label: `Merge into ${base}`,
        description: 'a merge commit (--no-ff), after a confirmation',
        state: 'info',
        items: [],
        action: { kind: 'merge', base },
      });
    actions.push({
      key: 'action:pr',
      label: 'Open Pull Request',
      description: `push, then a pull request into ${base}`,
      state: 'info',
      items: [],
      action: { kind: 'pr', base },
    });
    return actions;
  }
  const blocking =
    checks?.failed?.id === 'handoffs' ? checks.failed.locations?.find((l) => l !== undefined) : undefined;
  const actions: ChecklistRow[] = [];
  if (blocking !== undefined) {
    const where = `${blocking.path}${blocking.line !== undefined ? `:${blocking.line}` : ''}`;
    actions.push({
      key: 'action:open',
      label: 'Open Handoff',
      description: where,
      state: 'info',
      items: [],
      action: { kind: 'open', location: blocking },
    });
  }
  actions.push({
    key: 'action:rerun',
    label: 'Run the Checks Again',
    description: 'Finish Session',
    state: 'info',
    items: [],
    action: { kind: 'rerun' },
  });
  return actions;
}
