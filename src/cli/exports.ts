// `territory hooks`, `territory export` and `territory ci-workflow`: what Territory installs or writes
// for git, GitHub, commitlint and the agents (Claude Code, Gemini CLI).
import {
  domainNamed,
  noPositional,
  singleValue,
  UsageError,
  type CliOptions,
  type CliOutput,
  type LoadMap,
  type ParsedFlags,
} from './flags';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { findCliBundle } from '../core/guard/cliBundle';
import { checkOwner, DEFAULT_OWNER_KEY } from '../core/guard/codeowners';
import {
  exportCodeowners,
  exportCommitlint,
  exportPermissions,
  writeCiWorkflow,
  type ExportResult,
} from '../core/guard/exports';
import { exportProjectHook } from '../core/guard/projectHookExport';
import { readFolderSettings, type TerritorySettings } from '../core/settings';
import type { DomainMap } from '../core/types';
import { listRepositoryFiles } from '../git/files';
import { agentGuardPlaces, claudeSandboxUnavailable } from '../git/agentGuardPlaces';
import {
  installHooks,
  readHooksStatus,
  recordCli,
  uninstallHooks,
  type CliLocation,
  type HookChange,
  type HooksStatus,
} from '../git/hooks';
import { findRepositoryRoot } from '../git/repository';

function hooksJson(status: HooksStatus, changes: readonly HookChange[] | undefined): Record<string, unknown> {
  return {
    installed: status.installed,
    dir: status.dir,
    hooksPath: status.hooksPath ?? null,
    shared: status.shared,
    manager: status.manager ? { name: status.manager.name, config: status.manager.config } : null,
    off: status.off ?? null,
    hooks: status.hooks.map((h) => ({
      name: h.name,
      state: h.state,
      chained: h.chained,
      file: h.file,
      off: h.off ?? null,
    })),
    changes: changes?.map((c) => ({ name: c.name, action: c.action, detail: c.detail ?? null })) ?? null,
  };
}

/** `territory hooks install|uninstall|status`: the pre-commit, commit-msg and pre-push hooks. */
export async function hooksCommand<O extends CliOptions>(options: O, io: CliOutput): Promise<number> {
  const parsed = options.flags;
  const [action, extra] = parsed.positional;
  if (!['install', 'uninstall', 'status'].includes(action ?? '') || extra !== undefined)
    throw new UsageError('hooks needs one of install, uninstall, status');
  const root = await findRepositoryRoot(options.cwd);
  if (root === undefined) {
    io.err(`territory: ${options.cwd} is not in a git repository`);
    return 2;
  }
  const cliOption = singleValue(parsed, '--cli');
  if (cliOption !== undefined && action !== 'install') throw new UsageError('--cli goes with hooks install');
  let result;
  if (action === 'install') {
    // The CLI the hooks run is the one recorded here: --cli (a copy the user chose, even one
    // committed in the repository: its hash is recorded with it), else this very CLI.
    let location: CliLocation | undefined;
    if (cliOption !== undefined) {
      const file = path.resolve(options.cwd, cliOption);
      if (!existsSync(file)) {
        io.err(`territory: --cli ${cliOption}: no such file`);
        return 2;
      }
      location = { cli: file, node: process.execPath };
    } else {
      const bundle = findCliBundle(__dirname);
      location = bundle ? { cli: bundle, node: process.execPath } : undefined;
    }
    result = await installHooks(root, location);
  } else if (action === 'uninstall') result = await uninstallHooks(root);
  else {
    const status = await readHooksStatus(root);
    result = status.ok ? { ok: true as const, value: { status: status.value, changes: undefined } } : status;
  }
  if (!result.ok) {
    io.err(`territory: ${result.reason}`);
    return 2;
  }
  const { status, changes } = result.value;
  if (options.json) io.out(JSON.stringify(hooksJson(status, changes), null, 2));
  else {
    io.out(`Hooks directory: ${status.dir}${status.hooksPath ? ` (core.hooksPath = ${status.hooksPath})` : ''}`);
    if (status.shared)
      io.out(
        '  It lies outside this repository: the hooks also run in other repositories, where they pass when there is no map.',
      );
    if (status.manager)
      io.out(
        `Hook manager: ${status.manager.name}; Territory is a step in ${status.manager.name === 'husky' ? `${status.manager.config}/<hook>` : status.manager.config}`,
      );
    for (const hook of status.hooks) {
      const change = changes?.find((c) => c.name === hook.name);
      io.out(
        `  ${hook.name.padEnd(10)} ${hook.state}${hook.chained ? ', chains to your earlier hook' : ''}${change ? ` — ${change.action}${change.detail ? `: ${change.detail}` : ''}` : ''}`,
      );
    }
    io.out(status.installed ? 'Territory hooks are installed.' : 'Territory hooks are not (all) installed.');
    if (status.off) io.out(`hooks off: ${status.off}`);
  }
  const refused = (changes ?? []).filter((c) => c.action === 'refused');
  if (refused.length > 0) {
    io.err(`territory: ${refused.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
    return 1;
  }
  return 0;
}

/** `--owner CORE=@team,@lead` (repeatable): owners per domain; `*` for files no domain owns. */
function ownersOption(
  parsed: ParsedFlags,
  map: DomainMap,
  settings: TerritorySettings,
): Record<string, readonly string[]> {
  const owners: Record<string, readonly string[]> = { ...settings.codeOwners };
  for (const value of parsed.values.get('--owner') ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`--owner ${value}: write ID=@owner[,@owner]`);
    const key = value.slice(0, eq).trim();
    const id = key === DEFAULT_OWNER_KEY ? key : domainNamed(map, key)?.id;
    if (id === undefined) throw new UsageError(`--owner ${value}: no domain "${key}" in the map`);
    const list = value
      .slice(eq + 1)
      .split(/[,\s]+/)
      .filter((o) => o !== '');
    const bad = list.map(checkOwner).find((p) => p !== undefined);
    if (bad) throw new UsageError(`--owner: ${bad}`);
    owners[id] = list;
  }
  return owners;
}

function reportExport(options: CliOptions, io: CliOutput, what: string, result: ExportResult): number {
  if (!result.ok) {
    io.err(`territory: ${what}: ${result.reason}`);
    return 2;
  }
  if (options.json) io.out(JSON.stringify({ export: what, files: result.files, notes: result.notes }, null, 2));
  else {
    for (const file of result.files) io.out(`${file.changed ? 'wrote' : 'unchanged'} ${file.file}`);
    for (const note of result.notes) io.out(`note: ${note}`);
  }
  for (const warning of result.warnings ?? []) io.err(`territory: warning: ${warning}`);
  return 0;
}

/** The agents `export permissions --agent` writes a guard configuration for. */
export const EXPORT_AGENTS = ['claude', 'gemini', 'codex', 'copilot'] as const;

/** `territory export codeowners|commitlint|permissions`: regenerate one export from the map. */
export async function exportCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = options.flags;
  const [target, extra] = parsed.positional;
  if (!['codeowners', 'commitlint', 'permissions'].includes(target ?? '') || extra !== undefined)
    throw new UsageError('export needs one of codeowners, commitlint, permissions');
  const out = singleValue(parsed, '--out');
  const domainOption = singleValue(parsed, '--domain');
  if (target !== 'permissions' && domainOption !== undefined)
    throw new UsageError('--domain goes with export permissions');
  if (target !== 'codeowners' && parsed.values.has('--owner'))
    throw new UsageError('--owner goes with export codeowners');
  const agentValue = singleValue(parsed, '--agent');
  if (target !== 'permissions' && agentValue !== undefined)
    throw new UsageError('--agent goes with export permissions');
  // Claude Code's settings are today's default; every agent's file is its own format.
  const agent = agentValue ?? 'claude';
  if (!(EXPORT_AGENTS as readonly string[]).includes(agent))
    throw new UsageError(`--agent ${agent}: one of ${EXPORT_AGENTS.join(', ')}`);
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const { settings, problems } = await readFolderSettings(root);
  for (const problem of problems) io.err(`territory: note: ${problem}`);
  // A map below the repository top: GitHub and commitlint read their files at the top.
  const ctx = { root, map, repoRoot: await findRepositoryRoot(root), mapFile: loaded.reading?.source?.file };
  if (target === 'codeowners') {
    const owners = ownersOption(parsed, map, settings);
    const listing = await listRepositoryFiles(root);
    if (!listing.ok) {
      io.err(`territory: codeowners: ${listing.reason}`);
      return 2;
    }
    return reportExport(
      options,
      io,
      target,
      await exportCodeowners(ctx, owners, out, listing.files, settings.unassigned),
    );
  }
  if (target === 'commitlint')
    return reportExport(options, io, target, await exportCommitlint(ctx, out, settings.commitExemptions));
  const domain = domainOption === undefined ? undefined : domainNamed(map, domainOption)?.id;
  if (domainOption !== undefined && domain === undefined)
    throw new UsageError(`--domain ${domainOption}: no such domain in the map`);
  let exported: ExportResult;
  if (agent === 'gemini' || agent === 'codex' || agent === 'copilot')
    exported = await exportProjectHook(ctx, { domain, out }, agent);
  else {
    const listing = await listRepositoryFiles(root);
    if (!listing.ok) {
      io.err(`territory: permissions: ${listing.reason}`);
      return 2;
    }
    const places = await agentGuardPlaces(root);
    const written = await exportPermissions(ctx, {
      files: listing.files,
      unassignedPolicy: settings.unassigned,
      places,
      domain,
      out,
    });
    const sandbox = claudeSandboxUnavailable(root);
    exported = written.ok && sandbox !== undefined ? { ...written, warnings: [sandbox] } : written;
  }
  // The settings' PreToolUse hook finds the CLI through git config, as the git hooks do: record this one.
  const bundle = findCliBundle(__dirname);
  if (exported.ok && bundle !== undefined) {
    const recorded = await recordCli(root, { cli: bundle, node: process.execPath });
    if (!recorded.ok)
      io.err(
        `territory: note: git config territory.cli not recorded (${recorded.reason}); the agents' hook blocks every edit until a CLI is found`,
      );
  }
  return reportExport(options, io, target, exported);
}

/** `territory ci-workflow [--out FILE] [--cli BUNDLE]`: the pull-request job and the CLI copy it runs. */
export async function ciWorkflowCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = options.flags;
  noPositional(parsed, 'ci-workflow');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const cli = singleValue(parsed, '--cli');
  const cliBundle = cli !== undefined ? path.resolve(options.cwd, cli) : findCliBundle(__dirname);
  const ctx = { root: loaded.root, map: loaded.map, repoRoot: await findRepositoryRoot(loaded.root) };
  return reportExport(
    options,
    io,
    'ci-workflow',
    await writeCiWorkflow(ctx, { cliBundle, out: singleValue(parsed, '--out') }),
  );
}
