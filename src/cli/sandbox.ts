// `territory sandbox --domain ID [--print] -- COMMAND [ARGS…]`: runs a command (an agent, a shell)
// whose writes are limited, by the operating system, to what the domain may write — whatever tool
// or subprocess writes, where the agent guard sees only the agents' own file tools. The sandbox is
// Anthropic's sandbox runtime (`srt`, npm `@anthropic-ai/sandbox-runtime`: bubblewrap on Linux,
// sandbox-exec on macOS), a maintained one, not Territory's own; its network goes through srt's
// proxy to the hosts `territory.sandboxNetwork` lists. The limits are taken when the command starts:
// srt applies a live config update (`--control-fd`) to its network lists only, the filesystem rules
// being in bubblewrap's argv (srt's README, "Updating the config while the command runs"), so a map
// edit reaches a running sandbox through the agent guard and the commit hooks, not through the OS.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { outsideFolder } from '../core/safePath';
import * as os from 'node:os';
import * as path from 'node:path';
import { leadFilesOf } from '../core/guard/controlFiles';
import { hooksFoldersInside } from '../core/guard/gitControl';
import { findMapFile } from '../core/map/discover';
import { sandboxPolicy, type SandboxPolicy } from '../core/guard/sandboxPolicy';
import { OwnershipResolver } from '../core/ownership/resolver';
import { readFolderSettings } from '../core/settings';
import { DOMAIN_ENV } from '../core/terminalNames';
import { runAttached } from '../git/door';
import { findSandboxRuntime, missingSandboxTools, SRT_INSTALL_HINT } from '../git/sandboxRuntime';
import { listRepositoryFiles } from '../git/files';
import { gitText } from '../git/run';
import { mapPathOf } from '../git/mapAt';
import { domainNamed, UsageError, type CliOptions, type CliOutput, type FlagSpec, type LoadMap } from './flags';
import type { DomainMap } from '../core/types';

export const SANDBOX_FLAGS: FlagSpec = { valueFlags: ['--domain'], bareFlags: ['--print'] };

/**
 * Writable outside the folder: the command's own temporary folder (TMPDIR), and the caches and state
 * agents and package managers keep in the home folder. A place that holds the workspace is left out:
 * srt's denyWrite wins over allowWrite, so the folder's limits could not be carved out of it.
 */
function outsideWritable(root: string, tmp: string, env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? os.homedir();
  const places = [
    tmp,
    ...['.cache', '.npm', '.claude', '.claude.json', '.codex', '.gemini', '.copilot'].map((name) =>
      path.join(home, name),
    ),
  ];
  return places.filter((place) => {
    const rel = path.relative(place, root);
    return rel.startsWith('..') || path.isAbsolute(rel);
  });
}

async function policyFor(
  options: CliOptions,
  io: CliOutput,
  loaded: { root: string; map: DomainMap },
  domainId: string,
  tmp: string,
): Promise<{ root: string; policy: SandboxPolicy }> {
  const { root, map } = loaded;
  const domain = domainNamed(map, domainId);
  if (domain === undefined)
    throw new UsageError(
      `--domain ${domainId}: no such domain in the map (${map.domains.map((d) => d.id).join(', ')})`,
    );
  const [listing, dirs, { settings, problems }] = await Promise.all([
    listRepositoryFiles(root),
    gitText(root, ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir']).then(
      (out) => out.split('\n').filter((l) => l !== ''),
      () => [] as string[],
    ),
    readFolderSettings(root),
  ]);
  for (const problem of problems) io.err(`territory: note: ${problem}`);
  if (!listing.ok) throw new UsageError(`cannot list the folder's files: ${listing.reason}`);
  const mapFile = await findMapFile(root, options.map).catch(() => undefined);
  const policy = sandboxPolicy({
    root,
    map,
    resolver: OwnershipResolver.compile(map),
    domain,
    files: listing.files,
    unassigned: settings.unassigned,
    leadFiles: leadFilesOf([mapFile ? mapPathOf(root, mapFile) : undefined], hooksFoldersInside(root)),
    gitDirs: [...new Set(dirs)],
    outside: outsideWritable(root, tmp, process.env),
    allowedDomains: settings.sandboxNetwork,
  });
  return { root, policy };
}

/**
 * The domain's own folders and handoff file, made when missing (an empty folder git does not list,
 * the handoff file with its heading): bubblewrap binds paths that exist, so a folder or file that is
 * not there when the sandbox starts cannot be created inside it. Never through a symbolic link out
 * of the folder. The paths made, or why not.
 */
async function prepareWritable(root: string, domainId: string, policy: SandboxPolicy): Promise<string[] | string> {
  const created: string[] = [];
  for (const entry of policy.writable) {
    const file = path.join(root, ...entry.replace(/\/$/, '').split('/'));
    if (existsSync(file)) continue;
    const escape = await outsideFolder(root, file);
    if (escape !== undefined) return escape;
    if (entry.endsWith('/')) mkdirSync(file, { recursive: true });
    else if (/^HANDOFF_/i.test(path.basename(entry)))
      writeFileSync(file, `# Handoff from ${domainId}\n\n## Required Changes\n`, { flag: 'wx' });
    else continue;
    created.push(entry);
  }
  return created;
}

export async function sandboxCommand<O extends CliOptions>(
  options: O,
  io: Required<CliOutput>,
  loadMap: LoadMap<O>,
): Promise<number> {
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const parsed = options.flags;
  const option = parsed.values.get('--domain')?.at(-1);
  const fromEnv = process.env[DOMAIN_ENV]?.trim();
  const domainId = option ?? (fromEnv === '' ? undefined : fromEnv);
  if (domainId === undefined)
    throw new UsageError(`sandbox needs --domain ID (or ${DOMAIN_ENV}): the lead's own shell is not limited`);
  const print = parsed.flags.has('--print');
  const command = parsed.positional;
  if (!print && command.length === 0)
    throw new UsageError('sandbox needs the command to run after --, e.g. territory sandbox --domain CORE -- claude');
  // A private folder for as long as the command runs: the sandbox's config (which the command
  // cannot write), and the command's own temporary folder.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'territory-sandbox-'));
  try {
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp, { mode: 0o700 });
    const { root, policy } = await policyFor(options, io, loaded, domainId, tmp);
    if (print) {
      // A JSON document either way (the srt config file alone, or with the writable paths and notes): line breaks kept.
      io.document(
        JSON.stringify(
          options.json
            ? { domain: domainId, writable: policy.writable, notes: policy.notes, srt: policy.config }
            : policy.config,
          null,
          2,
        ),
      );
      return 0;
    }
    const srt = findSandboxRuntime(root);
    if (srt === undefined) {
      io.err(`territory: the sandbox runtime (srt) was not found: ${SRT_INSTALL_HINT}. Nothing was run.`);
      return 2;
    }
    const missing = missingSandboxTools(root);
    if (missing !== undefined) {
      io.err(`territory: ${missing}. Nothing was run.`);
      return 2;
    }
    for (const note of policy.notes) io.err(`territory: note: ${note}`);
    const network = policy.config.network.allowedDomains;
    io.err(
      `territory: ${domainId}'s sandbox: writes to ${policy.writable.length} of its paths, git and temporary folders; network: ${network.length === 0 ? 'none' : network.join(', ')}`,
    );
    const created = await prepareWritable(root, domainId, policy);
    if (typeof created === 'string') {
      io.err(`territory: ${created}`);
      return 2;
    }
    if (created.length > 0)
      io.err(
        `territory: note: created ${created.join(', ')}: the OS sandbox can only open for writing what exists when it starts`,
      );
    const settingsFile = path.join(dir, 'srt-settings.json');
    writeFileSync(settingsFile, JSON.stringify(policy.config, null, 2), { mode: 0o600, flag: 'wx' });
    const viaNode = /\.(c|m)?js$/.test(srt);
    const args = [...(viaNode ? [srt] : []), '--settings', settingsFile, '--', ...command];
    // srt points TMPDIR at CLAUDE_CODE_TMPDIR inside the sandbox (else /tmp/claude, which may not exist).
    const env: NodeJS.ProcessEnv = { ...process.env, [DOMAIN_ENV]: domainId, CLAUDE_CODE_TMPDIR: tmp };
    // A sandboxed domain terminal runs this CLI with VS Code's own binary as Node: not its shell.
    if (process.versions.electron !== undefined) delete env.ELECTRON_RUN_AS_NODE;
    const run = await runAttached(options.cwd, viaNode ? process.execPath : srt, args, env);
    if (run.error !== undefined) {
      io.err(`territory: the sandbox could not start: ${run.error}`);
      return 2;
    }
    return run.code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
