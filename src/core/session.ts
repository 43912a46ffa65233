import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { excessiveNesting, MAX_JSON_DEPTH } from './jsonDepth';
import { LineIndex } from './map/text';
import type { DomainMap, TextRange } from './types';

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
  /** Where in the file: the offending value, or the syntax error (zero-based). */
  readonly range: TextRange;
  /** An error leaves the file unusable (the last good plan stays in force); a warning ignores one entry. */
  readonly severity: 'error' | 'warning';
}

export interface SessionReading {
  readonly plan: SessionPlan;
  readonly problems: SessionProblem[];
  /** The file cannot be read as a plan: keep the last good one, and do not rewrite the file. */
  readonly broken: boolean;
}

const SHAPE = '{ "goal": "...", "tasks": { "CORE": "..." } }';

/** Reads a session file; a broken file gives problems and the empty plan, never an exception. */
export function parseSessionPlan(text: string, map: DomainMap | undefined): SessionReading {
  const problems: SessionProblem[] = [];
  const lines = new LineIndex(text);
  // JSON with comments: people annotate their plans.
  const tooDeep = excessiveNesting(text);
  if (tooDeep !== undefined) {
    return { plan: EMPTY_PLAN, problems: [{ message: `${SESSION_FILE} is nested more than ${MAX_JSON_DEPTH} levels deep: it must hold ${SHAPE}`, range: lines.range(tooDeep, 1), severity: 'error' }], broken: true };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || root === undefined) {
    const first = errors[0];
    const message = first !== undefined ? `${SESSION_FILE} is not valid JSON: ${printParseErrorCode(first.error)}` : `${SESSION_FILE} is empty: it must hold ${SHAPE}`;
    return { plan: EMPTY_PLAN, problems: [{ message, range: lines.range(first?.offset ?? 0, Math.max(1, first?.length ?? 0)), severity: 'error' }], broken: true };
  }
  if (root.type !== 'object') {
    return { plan: EMPTY_PLAN, problems: [{ message: `${SESSION_FILE} must hold an object ${SHAPE}`, range: lines.range(root.offset, root.length), severity: 'error' }], broken: true };
  }
  const at = (node: JsonNode, message: string): SessionProblem => ({ message, range: lines.range(node.offset, node.length), severity: 'warning' });
  const goalNode = findNodeAtLocation(root, ['goal']);
  const goal = goalNode?.type === 'string' ? (goalNode.value as string) : '';
  if (goalNode && goalNode.type !== 'string') problems.push(at(goalNode, '"goal" must be a string'));
  const tasks: Record<string, string> = {};
  const tasksNode = findNodeAtLocation(root, ['tasks']);
  if (tasksNode && tasksNode.type !== 'object') problems.push(at(tasksNode, '"tasks" must be an object mapping domain ids to tasks'));
  for (const property of tasksNode?.type === 'object' ? (tasksNode.children ?? []) : []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const id = keyNode.value as string;
    if (valueNode.type !== 'string') problems.push(at(valueNode, `the task of ${id} must be a string`));
    else if (map && !map.domains.some((d) => d.id === id)) problems.push(at(keyNode, `"${id}" is not a domain of the map; its task is ignored`));
    else tasks[id] = valueNode.value as string;
  }
  return { plan: { goal, tasks }, problems, broken: false };
}

export function serializeSessionPlan(plan: SessionPlan): string {
  return JSON.stringify({ goal: plan.goal, tasks: plan.tasks }, null, 2) + '\n';
}
