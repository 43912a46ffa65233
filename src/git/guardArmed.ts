// Whether a domain's agent guard is armed: the domain's exported Claude Code hook, run exactly as
// Claude Code runs it on the canaries core/guard/guardCheck.ts defines, and the settings and
// sandbox checks beside it. `territory guard-check` prints it; the extension runs it when Launch
// Domain Terminals starts the agents and shows it in the Domains view.
import { existsSync, readFileSync } from 'node:fs';
import {
  canaryProblem,
  offLimitsCanary,
  ownCanary,
  ownProblem,
  readGuardSettings,
  settingsProblems,
  type Canary,
  type HookRun,
} from '../core/guard/guardCheck';
import { MAP_FILE_NAME, type Domain, type DomainMap } from '../core/types';
import { claudeSandboxUnavailable } from './agentGuardPlaces';
import { startProgram } from './door';

/** One canary call's outcome, for the report. */
export interface CanaryRun {
  readonly file: string;
  readonly owner?: string;
  readonly exit: number;
  readonly timedOut: boolean;
  readonly ms: number;
  readonly stderr: string;
}

export interface GuardArmedReport {
  readonly domain: string;
  readonly armed: boolean;
  /** Every reason it is not armed. */
  readonly problems: readonly string[];
  /** The settings file read. */
  readonly settings: string;
  readonly command: string | null;
  readonly canary?: CanaryRun;
  readonly own?: CanaryRun;
}

/** A domain's guard as last checked: armed, not armed (with the reasons), or being checked. */
export type GuardArmedState = { readonly checking: true } | ({ readonly checking: false } & GuardArmedReport);

/** The hook command through sh, as Claude Code runs a command hook: in the project, CLAUDE_PROJECT_DIR set, the call on stdin. */
async function runHook(root: string, command: string, canary: Canary, timeout: number): Promise<HookRun> {
  const started = Date.now();
  const env = { ...process.env, CLAUDE_PROJECT_DIR: root };
  const run = await startProgram(root, '/bin/sh', ['-c', command], {
    input: canary.input,
    env,
    timeoutMs: timeout * 1000,
  });
  return { code: run.code, stderr: run.stderr, timedOut: run.timedOut === true, ms: Date.now() - started };
}

/** Runs the checks of `domain`'s guard, whose Claude Code settings are `file`. */
export async function checkGuardArmed(
  root: string,
  map: DomainMap,
  domain: Domain,
  file: string,
): Promise<GuardArmedReport> {
  const problems: string[] = [];
  let canaryRun: CanaryRun | undefined;
  let ownRun: CanaryRun | undefined;
  const reading = readGuardSettings(existsSync(file) ? readFileSync(file, 'utf8') : undefined, file);
  if (!reading.ok) problems.push(reading.reason);
  else if (process.platform === 'win32')
    problems.push('the guard check runs the hook with /bin/sh, which native Windows lacks');
  else {
    problems.push(...settingsProblems(reading));
    const { command, timeout } = reading.hook;
    const canary = offLimitsCanary(map, domain, root, MAP_FILE_NAME);
    const blocked = await runHook(root, command, canary, timeout);
    canaryRun = {
      file: canary.file,
      owner: canary.owner,
      exit: blocked.code,
      timedOut: blocked.timedOut,
      ms: blocked.ms,
      stderr: blocked.stderr,
    };
    const problem = canaryProblem(blocked, domain.id, canary, timeout);
    if (problem !== undefined) problems.push(problem);
    const own = ownCanary(map, domain, root);
    if (own !== undefined) {
      const allowed = await runHook(root, command, own, timeout);
      ownRun = {
        file: own.file,
        exit: allowed.code,
        timedOut: allowed.timedOut,
        ms: allowed.ms,
        stderr: allowed.stderr,
      };
      const ownIssue = ownProblem(allowed, own);
      if (ownIssue !== undefined) problems.push(ownIssue);
    }
  }
  const sandbox = claudeSandboxUnavailable(root);
  if (sandbox !== undefined) problems.push(sandbox);
  return {
    domain: domain.id,
    armed: problems.length === 0,
    problems,
    settings: file,
    command: reading.ok ? reading.hook.command : null,
    ...(canaryRun ? { canary: canaryRun } : {}),
    ...(ownRun ? { own: ownRun } : {}),
  };
}
