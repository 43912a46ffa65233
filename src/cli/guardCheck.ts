// `territory guard-check --domain ID [--settings FILE] [--agent claude|gemini|codex|copilot] [--trust]`: runs
// the domain's agent guard as the agent will (src/core/guard/guardCheck.ts says what is checked for
// Claude Code, src/core/guard/projectHookCheck.ts for the agents whose hook is a project file) and
// prints "guard armed" or the reason it is not. Exit 0 armed, 1 not armed, 2 bad usage or no map.
import * as path from 'node:path';
import {
  domainNamed,
  noPositional,
  singleValue,
  UsageError,
  type CliOptions,
  type CliOutput,
  type LoadMap,
} from './flags';
import { claudeSettingsFile } from '../core/guard/claudePermissions';
import { isProjectHookAgent } from '../core/guard/projectHookCheck';
import { findProgram } from '../git/program';
import { trustCodexHooks } from '../git/codexHooks';
import { count } from '../core/plural';
import { checkGuardArmed, checkProjectGuardArmed, readCodexTrust } from '../git/guardArmed';
import { EXPORT_AGENTS } from './exports';

export async function guardCheckCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = options.flags;
  noPositional(parsed, 'guard-check');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const typed = singleValue(parsed, '--domain') ?? process.env.TERRITORY_DOMAIN;
  if (typed === undefined || typed.trim() === '')
    throw new UsageError('guard-check needs --domain ID (or TERRITORY_DOMAIN)');
  const { root, map } = loaded;
  const domain = domainNamed(map, typed);
  if (domain === undefined) throw new UsageError(`--domain ${typed}: no such domain in the map`);
  const agent = singleValue(parsed, '--agent') ?? 'claude';
  if (!(EXPORT_AGENTS as readonly string[]).includes(agent))
    throw new UsageError(`--agent ${agent}: one of ${EXPORT_AGENTS.join(', ')}`);
  const settingsOption = singleValue(parsed, '--settings');
  if (settingsOption !== undefined && agent !== 'claude')
    throw new UsageError(`--settings goes with Claude Code; ${agent}'s hook is read from the project's own file`);
  const file =
    settingsOption !== undefined
      ? path.resolve(options.cwd, settingsOption)
      : path.join(root, claudeSettingsFile(domain.id));
  if (parsed.flags.has('--trust') && agent !== 'codex') throw new UsageError('--trust goes with --agent codex');
  // Codex runs a project hook only once trusted: Codex itself is asked (the codex on PATH).
  const codex = agent === 'codex' ? findProgram('codex', root) : undefined;
  let codexTrust = agent === 'codex' ? await readCodexTrust(codex, root, map) : undefined;
  if (
    parsed.flags.has('--trust') &&
    codex !== undefined &&
    codexTrust !== undefined &&
    codexTrust.untrusted.length > 0
  ) {
    // Exactly the hooks Territory writes (core/guard/codexTrust.ts), at the hashes Codex computed.
    const trusted = await trustCodexHooks(codex, root, codexTrust.untrusted);
    if (!trusted.ok) io.err(`territory: Codex CLI did not record the trust: ${trusted.reason}`);
    else io.err(`territory: Codex CLI trusts Territory's ${count(codexTrust.untrusted.length, 'hook')} in ${root}`);
    codexTrust = await readCodexTrust(codex, root, map);
  }
  const report = isProjectHookAgent(agent)
    ? await checkProjectGuardArmed(root, map, domain, agent, codexTrust)
    : await checkGuardArmed(root, map, domain, file);
  const { armed, problems, canary } = report;
  if (options.json) io.out(JSON.stringify(report, null, 2));
  else if (armed && canary)
    io.out(
      `guard armed for ${domain.id}: ${agent === 'claude' ? 'a Write' : 'a write'} to ${canary.file} (${canary.owner}'s) was blocked with Territory's reason in ${canary.ms} ms; ${agent === 'claude' ? 'sandbox on' : `read from ${path.relative(root, report.settings)}`}`,
    );
  else {
    io.out(`guard NOT armed for ${domain.id}:`);
    for (const problem of problems) io.out(`  - ${problem}`);
  }
  return armed ? 0 : 1;
}
