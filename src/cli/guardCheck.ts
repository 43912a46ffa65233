// `territory guard-check --domain ID [--settings FILE]`: runs the domain's agent guard as Claude
// Code will (src/core/guard/guardCheck.ts says what is checked) and prints "guard armed" or the
// reason it is not. Exit 0 armed, 1 not armed, 2 bad usage or no map.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { domainNamed, noPositional, singleValue, UsageError, type CliOptions, type CliOutput, type LoadMap } from './flags';
import { claudeSettingsFile } from '../core/guard/claudePermissions';
import { canaryProblem, offLimitsCanary, ownCanary, ownProblem, readGuardSettings, settingsProblems, type Canary, type HookRun } from '../core/guard/guardCheck';
import { MAP_FILE_NAME } from '../core/types';
import { startProgram } from '../git/door';
import { claudeSandboxUnavailable } from '../git/agentGuardPlaces';

/** The hook command through sh, as Claude Code runs a command hook: in the project, CLAUDE_PROJECT_DIR set, the call on stdin. */
async function runHook(root: string, command: string, canary: Canary, timeout: number): Promise<HookRun> {
  const started = Date.now();
  const env = { ...process.env, CLAUDE_PROJECT_DIR: root };
  const run = await startProgram(root, '/bin/sh', ['-c', command], { input: canary.input, env, timeoutMs: timeout * 1000 });
  return { code: run.code, stderr: run.stderr, timedOut: run.timedOut === true, ms: Date.now() - started };
}

export async function guardCheckCommand<O extends CliOptions>(options: O, io: CliOutput, loadMap: LoadMap<O>): Promise<number> {
  const parsed = options.flags;
  noPositional(parsed, 'guard-check');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const typed = singleValue(parsed, '--domain') ?? process.env.TERRITORY_DOMAIN;
  if (typed === undefined || typed.trim() === '') throw new UsageError('guard-check needs --domain ID (or TERRITORY_DOMAIN)');
  const { root, map } = loaded;
  const domain = domainNamed(map, typed);
  if (domain === undefined) throw new UsageError(`--domain ${typed}: no such domain in the map`);
  const settingsOption = singleValue(parsed, '--settings');
  const file = settingsOption !== undefined ? path.resolve(options.cwd, settingsOption) : path.join(root, claudeSettingsFile(domain.id));
  const problems: string[] = [];
  const runs: Record<string, unknown> = {};
  const reading = readGuardSettings(existsSync(file) ? readFileSync(file, 'utf8') : undefined, file);
  if (!reading.ok) problems.push(reading.reason);
  else if (process.platform === 'win32') problems.push('guard-check runs the hook with /bin/sh, which native Windows lacks');
  else {
    problems.push(...settingsProblems(reading));
    const { command, timeout } = reading.hook;
    const canary = offLimitsCanary(map, domain, root, MAP_FILE_NAME);
    const blocked = await runHook(root, command, canary, timeout);
    runs.canary = { file: canary.file, owner: canary.owner, exit: blocked.code, timedOut: blocked.timedOut, ms: blocked.ms, stderr: blocked.stderr };
    const problem = canaryProblem(blocked, domain.id, canary, timeout);
    if (problem !== undefined) problems.push(problem);
    const own = ownCanary(map, domain, root);
    if (own !== undefined) {
      const allowed = await runHook(root, command, own, timeout);
      runs.own = { file: own.file, exit: allowed.code, timedOut: allowed.timedOut, ms: allowed.ms, stderr: allowed.stderr };
      const ownIssue = ownProblem(allowed, own);
      if (ownIssue !== undefined) problems.push(ownIssue);
    }
  }
  const sandbox = claudeSandboxUnavailable(root);
  if (sandbox !== undefined) problems.push(sandbox);
  const armed = problems.length === 0;
  if (options.json) io.out(JSON.stringify({ domain: domain.id, armed, problems, settings: file, command: reading.ok ? reading.hook.command : null, ...runs }, null, 2));
  else if (armed) {
    const canary = runs.canary as { file: string; owner: string; ms: number };
    io.out(`guard armed for ${domain.id}: a Write to ${canary.file} (${canary.owner}'s) was blocked with Territory's reason in ${canary.ms} ms; sandbox on`);
  } else {
    io.out(`guard NOT armed for ${domain.id}:`);
    for (const problem of problems) io.out(`  - ${problem}`);
  }
  return armed ? 0 : 1;
}
