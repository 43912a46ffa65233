import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
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
  /**
   * The session branch every terminal pushes to (the seed's rule 4), set by Plan Session; it
   * replaces the map's `branch`, which the seed writes as a placeholder.
   */
  readonly branch?: string;
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

const SHAPE = '{ "goal": "...", "branch": "...", "tasks": { "CORE": "..." } }';

/** Reads a session file; a broken file gives problems and the empty plan, never an exception. */
export function parseSessionPlan(text: string, map: DomainMap | undefined): SessionReading {
  const problems: SessionProblem[] = [];
  const lines = new LineIndex(text);
  // JSON with comments: people annotate their plans.
  const tooDeep = excessiveNesting(text);
  if (tooDeep !== undefined) {
    return {
      plan: EMPTY_PLAN,
      problems: [
        {
          message: `${SESSION_FILE} is nested more than ${MAX_JSON_DEPTH} levels deep: it must hold ${SHAPE}`,
          range: lines.range(tooDeep, 1),
          severity: 'error',
        },
      ],
      broken: true,
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || root === undefined) {
    const first = errors[0];
    const message =
      first !== undefined
        ? `${SESSION_FILE} is not valid JSON: ${printParseErrorCode(first.error)}`
        : `${SESSION_FILE} is empty: it must hold ${SHAPE}`;
    return {
      plan: EMPTY_PLAN,
      problems: [
        { message, range: lines.range(first?.offset ?? 0, Math.max(1, first?.length ?? 0)), severity: 'error' },
      ],
      broken: true,
    };
  }
  if (root.type !== 'object') {
    return {
      plan: EMPTY_PLAN,
      problems: [
        {
          message: `${SESSION_FILE} must hold an object ${SHAPE}`,
          range: lines.range(root.offset, root.length),
          severity: 'error',
        },
      ],
      broken: true,
    };
  }
  const at = (node: JsonNode, message: string): SessionProblem => ({
    message,
    range: lines.range(node.offset, node.length),
    severity: 'warning',
  });
  const goalNode = findNodeAtLocation(root, ['goal']);
  const goal = goalNode?.type === 'string' ? (goalNode.value as string) : '';
  if (goalNode && goalNode.type !== 'string') problems.push(at(goalNode, '"goal" must be a string'));
  const tasks: Record<string, string> = {};
  const tasksNode = findNodeAtLocation(root, ['tasks']);
  if (tasksNode && tasksNode.type !== 'object')
    problems.push(at(tasksNode, '"tasks" must be an object mapping domain ids to tasks'));
  for (const property of tasksNode?.type === 'object' ? (tasksNode.children ?? []) : []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const id = keyNode.value as string;
    if (valueNode.type !== 'string') problems.push(at(valueNode, `the task of ${id} must be a string`));
    else if (map && !map.domains.some((d) => d.id === id))
      problems.push(at(keyNode, `"${id}" is not a domain of the map; its task is ignored`));
    else tasks[id] = valueNode.value as string;
  }
  const branchNode = findNodeAtLocation(root, ['branch']);
  let branch: string | undefined;
  if (branchNode && branchNode.type !== 'string')
    problems.push(at(branchNode, '"branch" must be a string: the session branch every terminal pushes to'));
  else if (branchNode && (branchNode.value as string).trim() !== '') {
    const name = (branchNode.value as string).trim();
    // git's rules are checked where git is (check-ref-format); this only keeps out what is plainly no name.
    // eslint-disable-next-line no-control-regex -- control characters are what a branch name may not hold
    if (/[\s\x00-\x1f\x7f~^:?*[\\]|^-|\.\.|@\{/.test(name))
      problems.push(at(branchNode, `"${name}" is not a branch name git accepts`));
    else branch = name;
  }
  return { plan: { goal, tasks, ...(branch !== undefined ? { branch } : {}) }, problems, broken: false };
}

export function serializeSessionPlan(plan: SessionPlan): string {
  return (
    JSON.stringify(
      { goal: plan.goal, ...(plan.branch !== undefined ? { branch: plan.branch } : {}), tasks: plan.tasks },
      null,
      2,
    ) + '\n'
  );
}

/** What Plan Session changes; a key left undefined keeps its value, `branch: null` removes it. */
export interface SessionChanges {
  readonly goal?: string;
  readonly tasks?: Readonly<Record<string, string>>;
  readonly branch?: string | null;
}

/**
 * The session file's text with only the given keys changed: comments, key order, formatting and
 * every key Territory does not know (a user's own notes) stay as they were. Throws, with the
 * position, when the text is not a plan: rewriting it would lose what the user wrote.
 */
export function editSessionText(text: string, changes: SessionChanges, map?: DomainMap): string {
  const source = text.trim() === '' ? '{}\n' : text;
  const broken = parseSessionPlan(source, map).problems.find((p) => p.severity === 'error');
  if (broken) throw new Error(`${SESSION_FILE}:${broken.range.line + 1}:${broken.range.column + 1}: ${broken.message}`);
  const format = {
    formattingOptions: { insertSpaces: true, tabSize: 2, eol: source.includes('\r\n') ? '\r\n' : '\n' },
  };
  let out = source;
  if (changes.goal !== undefined) out = applyEdits(out, modify(out, ['goal'], changes.goal, format));
  // A new "branch" goes right after "goal": inserted last, its formatting would reach into the value before it.
  const afterGoal = { getInsertionIndex: (keys: string[]) => keys.indexOf('goal') + 1 };
  if (changes.branch !== undefined)
    out = applyEdits(
      out,
      modify(out, ['branch'], changes.branch === null ? undefined : changes.branch, { ...format, ...afterGoal }),
    );
  for (const [id, task] of Object.entries(changes.tasks ?? {}))
    out = applyEdits(out, modify(out, ['tasks', id], task, format));
  return out;
}
