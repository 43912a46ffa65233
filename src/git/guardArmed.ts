// Whether a domain's agent guard is armed: the domain's exported Claude Code hook, run exactly as
// Claude Code runs it on the canaries core/guard/guardCheck.ts defines, and the settings and
// sandbox checks beside it. `territory guard-check` prints it; the extension runs it when Launch
// Domain Terminals starts the agents and shows it in the Domains view.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
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
import {
  AGENT_TITLE,
  PROJECT_HOOK_FILE,
  projectCanaryInput,
  projectHookBlocked,
  readProjectHook,
  readProjectHookFile,
  type ProjectHookAgent,
} from '../core/guard/projectHookCheck';
import { DOMAIN_ENV } from '../core/terminalNames';
import { MAP_FILE_NAME, type Domain, type DomainMap } from '../core/types';
import type { GuardedAgent } from '../core/guard/agentGuard';
import { codexTrustProblem, untrustedTerritoryHooks, type CodexHookSeen } from '../core/guard/codexTrust';
import { listCodexHooks } from './codexHooks';
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
  /** The agent whose guard was run, in its own input format. */
  readonly agent: GuardedAgent;
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

/** The hook command through sh, as the agents run a command hook: in the project, the call on stdin. */
async function runHook(
  root: string,
  command: string,
  input: string,
  timeout: number,
  env: NodeJS.ProcessEnv = { CLAUDE_PROJECT_DIR: root },
): Promise<HookRun & { readonly stdout: string }> {
  const started = Date.now();
  const run = await startProgram(root, '/bin/sh', ['-c', command], {
    input,
    env: { ...process.env, ...env },
    timeoutMs: timeout * 1000,
  });
  return {
    code: run.code,
    stdout: run.stdout,
    stderr: run.stderr,
    timedOut: run.timedOut === true,
    ms: Date.now() - started,
  };
}

function canaryRunOf(file: string, run: HookRun, owner?: string): CanaryRun {
  return {
    file,
    ...(owner !== undefined ? { owner } : {}),
    exit: run.code,
    timedOut: run.timedOut,
    ms: run.ms,
    stderr: run.stderr,
  };
}

interface CanaryRuns {
  readonly canary: CanaryRun;
  readonly own?: CanaryRun;
}

/** The hook under check: how the agent runs it, what it sends, and what it reads as a block. */
interface HookUnderCheck {
  readonly command: string;
  /** Seconds. */
  readonly timeout: number;
  readonly env?: NodeJS.ProcessEnv;
  /** The agent's input for the canary's write. */
  input(canary: Canary): string;
  /** Why the off-limits run is not a block the agent honours with Territory's reason, or undefined. */
  notBlocked(run: HookRun & { readonly stdout: string }, canary: Canary): string | undefined;
}

/** Runs the hook on the off-limits canary (must block) and on the domain's own handoff file (must pass); what fails goes into `problems`. */
async function runCanaries(
  root: string,
  map: DomainMap,
  domain: Domain,
  hook: HookUnderCheck,
  problems: string[],
): Promise<CanaryRuns> {
  const canary = offLimitsCanary(map, domain, root, MAP_FILE_NAME);
  const blocked = await runHook(root, hook.command, hook.input(canary), hook.timeout, hook.env);
  const problem = hook.notBlocked(blocked, canary);
  if (problem !== undefined) problems.push(problem);
  const own = ownCanary(map, domain, root);
  if (own === undefined) return { canary: canaryRunOf(canary.file, blocked, canary.owner) };
  const allowed = await runHook(root, hook.command, hook.input(own), hook.timeout, hook.env);
  const ownIssue = ownProblem(allowed, own);
  if (ownIssue !== undefined) problems.push(ownIssue);
  return { canary: canaryRunOf(canary.file, blocked, canary.owner), own: canaryRunOf(own.file, allowed) };
}

/** The hook runs through /bin/sh, as the agents run it. */
const NO_SH =
  process.platform === 'win32' ? 'the guard check runs the hook with /bin/sh, which native Windows lacks' : undefined;

/** Runs the checks of `domain`'s guard, whose Claude Code settings are `file`. */
export async function checkGuardArmed(
  root: string,
  map: DomainMap,
  domain: Domain,
  file: string,
): Promise<GuardArmedReport> {
  const reading = readGuardSettings(existsSync(file) ? readFileSync(file, 'utf8') : undefined, file);
  const problems: string[] = [];
  let runs: CanaryRuns | undefined;
  if (!reading.ok) problems.push(reading.reason);
  else if (NO_SH !== undefined) problems.push(NO_SH);
  else {
    problems.push(...settingsProblems(reading));
    const { command, timeout } = reading.hook;
    runs = await runCanaries(
      root,
      map,
      domain,
      {
        command,
        timeout,
        input: (canary) => canary.input,
        notBlocked: (run, canary) => canaryProblem(run, domain.id, canary, timeout),
      },
      problems,
    );
  }
  const sandbox = claudeSandboxUnavailable(root);
  if (sandbox !== undefined) problems.push(sandbox);
  return reportOf(domain, 'claude', file, reading.ok ? reading.hook.command : null, problems, runs);
}

/**
 * Runs the checks of `domain`'s guard for an agent whose hook is the project's shared file
 * (core/guard/projectHookCheck.ts): the hook runs as that agent runs it, in the folder, with the
 * domain the terminal names in TERRITORY_DOMAIN, on the canary in the agent's own input format.
 * The agent's own trust prompt (Codex, Gemini and Copilot each run project hooks only once trusted)
 * is outside what a check can see: the notes of the export say so.
 */
export async function checkProjectGuardArmed(
  root: string,
  map: DomainMap,
  domain: Domain,
  agent: ProjectHookAgent,
  codexTrust?: CodexTrustState,
): Promise<GuardArmedReport> {
  const file = path.join(root, ...PROJECT_HOOK_FILE[agent].split('/'));
  const reading = readProjectHook(agent, await readProjectHookFile(root, agent), PROJECT_HOOK_FILE[agent]);
  const problems: string[] = [];
  let runs: CanaryRuns | undefined;
  if (!reading.ok) problems.push(reading.reason);
  else if (NO_SH !== undefined) problems.push(NO_SH);
  else {
    problems.push(...reading.problems);
    runs = await runCanaries(
      root,
      map,
      domain,
      {
        command: reading.command,
        timeout: reading.timeout,
        env: { [DOMAIN_ENV]: domain.id, GEMINI_PROJECT_DIR: root },
        input: (canary) => projectCanaryInput(agent, root, canary.file),
        notBlocked: (run, canary) =>
          projectHookBlocked(agent, run, domain.id)
            ? undefined
            : (canaryProblem(run, domain.id, canary, reading.timeout) ??
              `${AGENT_TITLE[agent]} would not read the hook's answer as a block`),
      },
      problems,
    );
  }
  if (codexTrust?.problem !== undefined) problems.push(codexTrust.problem);
  return reportOf(domain, agent, file, reading.ok ? reading.command : null, problems, runs);
}

/** Whether Codex CLI runs Territory's hooks in the folder, as Codex lists them; and the ones a trust would turn on. */
export interface CodexTrustState {
  readonly problem?: string;
  readonly untrusted: readonly CodexHookSeen[];
}

/** Asks `codex` (an absolute path; undefined when none was found) which of the folder's hooks it runs. */
export async function readCodexTrust(
  codex: string | undefined,
  root: string,
  map: DomainMap,
  env?: NodeJS.ProcessEnv,
): Promise<CodexTrustState> {
  if (codex === undefined)
    return {
      problem: "Territory cannot ask Codex CLI whether it runs Territory's hooks: codex is not on PATH",
      untrusted: [],
    };
  const list = await listCodexHooks(codex, root, env);
  if (!list.ok)
    return {
      problem: `Territory could not ask Codex CLI whether it runs Territory's hooks: ${list.reason}`,
      untrusted: [],
    };
  const ids = map.domains.map((d) => d.id);
  const problem = codexTrustProblem(list.hooks, root, ids, list.notes);
  return { ...(problem !== undefined ? { problem } : {}), untrusted: untrustedTerritoryHooks(list.hooks, root, ids) };
}

function reportOf(
  domain: Domain,
  agent: GuardedAgent,
  settings: string,
  command: string | null,
  problems: readonly string[],
  runs: CanaryRuns | undefined,
): GuardArmedReport {
  return {
    domain: domain.id,
    agent,
    armed: problems.length === 0,
    problems,
    settings,
    command,
    ...(runs ? { canary: runs.canary } : {}),
    ...(runs?.own ? { own: runs.own } : {}),
  };
}
