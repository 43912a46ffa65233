import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { DomainMap } from './types';

/**
 * The session plan (the seed's "Example Task Distribution"): a goal and one task per domain.
 * Kept in `.territory/session.json` so it can be edited by hand, reviewed and shared.
 */
export interface SessionPlan {
  readonly goal: string;
  /** Task per domain id. */
  readonly tasks: Readonly<Record<string, string>>;
}

export const SESSION_FILE = '.territory/session.json';
export const EMPTY_PLAN: SessionPlan = { goal: '', tasks: {} };

export interface SessionProblem {
  readonly message: string;
}

/** Reads a session file; a broken file gives problems and the empty plan, never an exception. */
export function parseSessionPlan(text: string, map: DomainMap | undefined): { plan: SessionPlan; problems: SessionProblem[] } {
  const problems: SessionProblem[] = [];
  // JSON with comments: people annotate their plans.
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    return { plan: EMPTY_PLAN, problems: [{ message: `${SESSION_FILE} is not valid JSON: ${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}` }] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { plan: EMPTY_PLAN, problems: [{ message: `${SESSION_FILE} must hold an object { "goal": "...", "tasks": { "CORE": "..." } }` }] };
  }
  const record = raw as Record<string, unknown>;
  const goal = typeof record.goal === 'string' ? record.goal : '';
  if (record.goal !== undefined && typeof record.goal !== 'string') problems.push({ message: '"goal" must be a string' });
  const tasks: Record<string, string> = {};
  if (record.tasks !== undefined) {
    if (typeof record.tasks !== 'object' || record.tasks === null || Array.isArray(record.tasks)) {
      problems.push({ message: '"tasks" must be an object mapping domain ids to tasks' });
    } else {
      for (const [id, task] of Object.entries(record.tasks as Record<string, unknown>)) {
        if (typeof task !== 'string') problems.push({ message: `the task of ${id} must be a string` });
        else if (map && !map.domains.some((d) => d.id === id)) problems.push({ message: `"${id}" is not a domain of the map; its task is ignored` });
        else tasks[id] = task;
      }
    }
  }
  return { plan: { goal, tasks }, problems };
}

export function serializeSessionPlan(plan: SessionPlan): string {
  return JSON.stringify({ goal: plan.goal, tasks: plan.tasks }, null, 2) + '\n';
}
