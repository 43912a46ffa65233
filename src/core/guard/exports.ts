// Writes the exports to disk: each one regenerated on demand, merged into what is already there
// (a marked block in text files, Territory-owned entries in JSON files), written only when it
// changes. The callers (CLI, commands) supply the git facts: the file listing and where the
// per-clone record of Territory-owned JSON entries lives.
import { existsSync, lstatSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { OwnershipResolver } from '../ownership/resolver';
import type { DomainMap } from '../types';
import { CLAUDE_SETTINGS_DIR, DENY_PATH, claudeSettingsFile } from './claudePermissions';
import { ALLOW_WRITE_PATH, DENY_WRITE_PATH, SANDBOX_SWITCHES, sandboxLimits, type GuardPlaces } from './claudeSandbox';
import { ciWorkflowLines, VENDORED_CLI, WORKFLOW_FILE } from './ciWorkflow';
import { codeownersExport, type OwnersByDomain } from './codeowners';
import {
  COMMITLINT_FILE,
  COMMITLINT_PLUGIN_FILE,
  OTHER_COMMITLINT_CONFIGS,
  commitlintExport,
  packageConfigKey,
} from './commitlint';
import { agentGuardScript, agentHookEntry, mergeAgentHook } from './claudeHook';
import { mergeEventHooks } from '../mission/eventHooks';
import { inboxHookCommand, mergeInboxHooks } from '../handoffs/inboxHooks';
import { mergeOwnedArray, parseObject, setJsonValues, type JsonMerge } from './jsonMerge';
import { outsideFolder } from '../safePath';
import { excessiveNesting } from '../jsonDepth';
import { BLOCK_BEGIN, mergeBlock, renderBlock, type BlockMerge } from './markedBlock';
import type { Exemption } from './messageRules';
import type { UnassignedPolicy } from '../settings';

export interface ExportContext {
  /** The folder the map belongs to. */
  readonly root: string;
  readonly map: DomainMap;
  /**
   * The repository's top, when the map lives below it (`packages/app/territory.json`): GitHub and
   * commitlint look for their files there, so CODEOWNERS, the commitlint config and the workflow go
   * there, with the map's folder as path prefix or working directory. Defaults to `root`.
   */
  readonly repoRoot?: string;
  /** The map file (absolute), when known: CODEOWNERS gives it to the lead whatever its name. */
  readonly mapFile?: string;
}

/** The map file relative to the map's folder, when it is known and inside it. */
function mapPathOf(ctx: ExportContext): string[] | undefined {
  if (ctx.mapFile === undefined) return undefined;
  const rel = path.relative(ctx.root, ctx.mapFile);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : [rel.split(path.sep).join('/')];
}

/** The map's folder relative to the repository top (`/`-separated), `` when they are the same. */
function mapFolder(ctx: ExportContext): string {
  if (ctx.repoRoot === undefined) return '';
  const rel = path.relative(ctx.repoRoot, ctx.root);
  return rel.startsWith('..') || path.isAbsolute(rel) ? '' : rel.split(path.sep).join('/');
}

function topOf(ctx: ExportContext): string {
  return mapFolder(ctx) === '' ? ctx.root : (ctx.repoRoot as string);
}

export interface WrittenFile {
  /** Relative to the root (`/`-separated) when inside it, else absolute. */
  readonly file: string;
  readonly changed: boolean;
}

/** `warnings`: what keeps an export from working as written (the CLI prints them on stderr, the extension shows them). */
export type ExportResult =
  | { readonly ok: true; readonly files: WrittenFile[]; readonly notes: string[]; readonly warnings?: string[] }
  | { readonly ok: false; readonly reason: string };

function display(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `merge`'s text to `file` when it changed; a refusal names the file. */
export async function apply(
  root: string,
  file: string,
  merge: BlockMerge | JsonMerge,
): Promise<WrittenFile | { reason: string }> {
  // A committed symbolic link (CODEOWNERS -> ~/.bashrc) must not carry the export out of the folder.
  const outside = await outsideFolder(root, file);
  if (outside !== undefined) return { reason: outside };
  if (!merge.ok) return { reason: `${display(root, file)}: ${merge.reason}` };
  if (merge.changed) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, merge.text);
  }
  return { file: display(root, file), changed: merge.changed };
}

function resolveOut(root: string, out: string | undefined, fallback: string): string {
  return path.resolve(root, out ?? fallback);
}

/** GitHub reads .github/CODEOWNERS, then CODEOWNERS, then docs/CODEOWNERS: the first that exists is updated. */
export function codeownersTarget(root: string): string {
  const found = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'].find((f) => existsSync(path.join(root, f)));
  return path.join(root, found ?? '.github/CODEOWNERS');
}

/**
 * `files`: the folder's listing, to find the paths the map leaves contested (GitHub would give them
 * to the later line). `unassigned`: territory.unassigned, which the block says CODEOWNERS cannot enforce.
 */
export async function exportCodeowners(
  ctx: ExportContext,
  owners: OwnersByDomain,
  out?: string,
  files: readonly string[] = [],
  unassigned?: UnassignedPolicy,
): Promise<ExportResult> {
  const generated = codeownersExport(ctx.map, owners, files, mapFolder(ctx), { mapPaths: mapPathOf(ctx), unassigned });
  if (generated.contested.length > 0) {
    const named = generated.contested.slice(0, 5).map((c) => `${c.path} (${c.domains.join(', ')})`);
    const more = generated.contested.length > 5 ? ` and ${generated.contested.length - 5} more` : '';
    return {
      ok: false,
      reason: `the map leaves paths contested, and CODEOWNERS would silently give each to the later line's owners: ${named.join(', ')}${more}; give each path one most specific owner in the map (territory validate), then export again`,
    };
  }
  const file = out === undefined ? codeownersTarget(topOf(ctx)) : resolveOut(ctx.root, out, '');
  const block = renderBlock(
    generated.lines,
    'generated by `territory export codeowners`; edit the map, not this block',
  );
  // The repository's top bounds where the export may write: CODEOWNERS of a subfolder map lives there.
  const written = await apply(topOf(ctx), file, mergeBlock(await readIfExists(file), block));
  if ('reason' in written) return { ok: false, reason: written.reason };
  const notes = [
    ...generated.skipped.map((s) => `skipped ${s.domain} pattern ${s.pattern}: ${s.reason}`),
    ...(generated.unowned.length > 0
      ? [`no owners for ${generated.unowned.join(', ')} (setting territory.codeOwners or --owner ID=@team)`]
      : []),
    ...generated.warnings,
  ];
  return { ok: true, files: [written], notes };
}

/** `exemptions`: the message check's (territory.commitExemptions), so commitlint lets through exactly what it does. */
export async function exportCommitlint(
  ctx: ExportContext,
  out?: string,
  exemptions?: readonly Exemption[],
): Promise<ExportResult> {
  const generated = commitlintExport(ctx.map, exemptions);
  if ('reason' in generated) return { ok: false, reason: generated.reason };
  // commitlint searches from where it runs (hooks run it at the repository top) upwards.
  const top = topOf(ctx);
  const file = out === undefined ? path.join(top, COMMITLINT_FILE) : resolveOut(ctx.root, out, COMMITLINT_FILE);
  // commitlint reads package.json's "commitlint" key before any rc file: the written file would be silently ignored.
  for (const pkg of ['package.json', 'package.yaml'] as const) {
    const text = await readIfExists(path.join(top, pkg));
    if (text !== undefined && packageConfigKey(pkg, text)) {
      return {
        ok: false,
        reason: `${pkg} has a "commitlint" key, which commitlint reads before ${display(ctx.root, file)}: move that configuration into ${COMMITLINT_FILE} and export again`,
      };
    }
  }
  if (out === undefined && !existsSync(file)) {
    const other = OTHER_COMMITLINT_CONFIGS.find((f) => existsSync(path.join(top, f)));
    if (other)
      return {
        ok: false,
        reason: `${other} already configures commitlint; add the rules there or pass --out ${other} if it is JSON`,
      };
  }
  // The plugin module first: a config that extends a missing module would stop every commit.
  const pluginFile = path.join(ctx.root, ...COMMITLINT_PLUGIN_FILE.split('/'));
  const pluginText = await readIfExists(pluginFile);
  const plugin = await apply(top, pluginFile, {
    ok: true,
    text: generated.plugin,
    changed: pluginText !== generated.plugin,
  });
  if ('reason' in plugin) return { ok: false, reason: plugin.reason };
  const existing = await readIfExists(file);
  const extended = extendsWithPlugin(existing, path.dirname(file), pluginFile);
  if ('reason' in extended) return { ok: false, reason: `${display(ctx.root, file)}: ${extended.reason}` };
  const written = await apply(
    top,
    file,
    setJsonValues(existing, [...generated.values, { path: ['extends'], value: extended.value }]),
  );
  if ('reason' in written) return { ok: false, reason: written.reason };
  const notes = [
    `commit ${display(ctx.root, file)} and ${COMMITLINT_PLUGIN_FILE}: the configuration extends the plugin module, whose rule reads the subject git records`,
    "commitlint's CLI does not lint an empty or whitespace-only message (git refuses one itself unless --allow-empty-message), and drops lines starting with gpg: before any rule runs; Territory refuses both",
    ...((exemptions ?? []).includes('merge')
      ? [
          "read from history (commitlint --from), a merge is known by its subject only: a one-parent commit titled Merge branch … passes there, while Territory's CI refuses it",
        ]
      : []),
  ];
  return { ok: true, files: [plugin, written], notes };
}

/** The config's `extends` with the plugin module last (it decides over the configurations before it), the user's entries kept. */
function extendsWithPlugin(
  existing: string | undefined,
  configDir: string,
  pluginFile: string,
): { value: string[] } | { reason: string } {
  const relative = path.relative(configDir, pluginFile).split(path.sep).join('/');
  const entry = relative.startsWith('../') ? relative : `./${relative}`;
  const parsed = parseObject(existing === undefined || existing.trim() === '' ? '{}' : existing);
  if (!parsed.ok) return { reason: parsed.reason };
  const current = parsed.value.extends;
  const list = current === undefined ? [] : typeof current === 'string' ? [current] : current;
  if (!Array.isArray(list) || !list.every((e): e is string => typeof e === 'string'))
    return { reason: '"extends" is not a name or a list of names' };
  return { value: [...list.filter((e) => !e.endsWith(COMMITLINT_PLUGIN_FILE)), entry] };
}

export interface PermissionsOptions {
  /** The folder's files (git's listing). */
  readonly files: readonly string[];
  readonly unassignedPolicy: UnassignedPolicy;
  /** Where Territory keeps its per-clone files (the record of owned entries, the hook's script) and git's places (src/git/agentGuardPlaces.ts). */
  readonly places: GuardPlaces;
  /** One domain only; required with `out`. */
  readonly domain?: string;
  /** A settings file to merge into instead of the per-domain files (e.g. .claude/settings.local.json of a domain's worktree). */
  readonly out?: string;
}

/** `targets`: the deny rules format 1 wrote per file (removed now); `denyWrite`, `allowWrite`: the sandbox paths written per file. */
type Manifest = {
  version: 1;
  targets: Record<string, string[]>;
  denyWrite?: Record<string, string[]>;
  allowWrite?: Record<string, string[]>;
};

async function readManifest(file: string): Promise<Manifest> {
  try {
    const text = (await readIfExists(file)) ?? '';
    // Its entries are written back with JSON.stringify, which recurses: a planted deep record is a broken one.
    if (excessiveNesting(text, 8) !== undefined) return { version: 1, targets: {} };
    const data = JSON.parse(text) as Manifest;
    if (data && data.version === 1 && typeof data.targets === 'object') return data;
  } catch {
    // A missing or broken record: the next write starts a new one.
  }
  return { version: 1, targets: {} };
}

/** The note at the top of the per-domain folder: these files name this clone's absolute paths. */
const SETTINGS_DIR_IGNORE =
  "# Written by `territory export permissions`: the rules name this clone's absolute paths, so they are not committed.\n*\n";

/**
 * Writes the hook's script where the places say, executable, when its text changed. Written
 * beside and renamed over, so a symbolic link planted at its path is replaced, never written through.
 */
async function writeGuardScript(root: string, file: string): Promise<WrittenFile | { reason: string }> {
  const text = agentGuardScript();
  const current = await readIfExists(file).catch(() => undefined);
  let link = false;
  try {
    link = lstatSync(file).isSymbolicLink();
  } catch {
    // No file yet.
  }
  if (current === text && !link) {
    await fs.chmod(file, 0o755);
    return { file: display(root, file), changed: false };
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, text, { mode: 0o755 });
  await fs.chmod(temp, 0o755);
  await fs.rename(temp, file);
  return { file: display(root, file), changed: true };
}

export async function exportPermissions(ctx: ExportContext, options: PermissionsOptions): Promise<ExportResult> {
  const { map, root } = ctx;
  if (options.out !== undefined && options.domain === undefined)
    return { ok: false, reason: "--out needs --domain: one settings file holds one domain's rules" };
  const domains = options.domain === undefined ? map.domains : map.domains.filter((d) => d.id === options.domain);
  if (domains.length === 0)
    return { ok: false, reason: `no domain ${options.domain} in the map (${map.domains.map((d) => d.id).join(', ')})` };
  const inputs = {
    map,
    resolver: OwnershipResolver.compile(map),
    files: options.files,
    unassignedPolicy: options.unassignedPolicy,
  };
  const { places } = options;
  const manifest = await readManifest(places.manifest);
  const files: WrittenFile[] = [];
  const notes: string[] = [];
  if (options.out === undefined) {
    const dir = path.join(root, CLAUDE_SETTINGS_DIR);
    const ignore = path.join(dir, '.gitignore');
    const outside = await outsideFolder(root, ignore);
    if (outside !== undefined) return { ok: false, reason: outside };
    await fs.mkdir(dir, { recursive: true });
    if ((await readIfExists(ignore)) === undefined) await fs.writeFile(ignore, SETTINGS_DIR_IGNORE);
  }
  // The script is the same for every domain. A fallback place inside the folder (no git) must not lead out of it.
  if (insideFolder(root, places.guardScript)) {
    const outside = await outsideFolder(root, places.guardScript);
    if (outside !== undefined) return { ok: false, reason: outside };
  }
  const script = await writeGuardScript(root, places.guardScript);
  if ('reason' in script) return { ok: false, reason: script.reason };
  const globbed = new Set<string>();
  for (const domain of domains) {
    const file = resolveOut(root, options.out, claudeSettingsFile(domain.id));
    const limits = sandboxLimits(inputs, domain.id, root, places);
    for (const glob of limits.globs) globbed.add(glob);
    const existing = await readIfExists(file);
    // No Edit deny rules: they refuse before the hook with a generic message, without the owner or
    // the handoff file (DESIGN.md §8). Those an earlier export wrote are removed; the user's stay.
    let merged = mergeOwnedArray(existing, DENY_PATH, manifest.targets[file] ?? [], []);
    // The file tools: the PreToolUse hook judges each write against the map as it is then.
    if (merged.ok) merged = mergeAgentHook(merged.text, agentHookEntry(domain.id, places.guardScript));
    // Bash and its subprocesses: Claude Code's sandbox with the domain's write limits.
    if (merged.ok)
      merged = mergeOwnedArray(merged.text, DENY_WRITE_PATH, manifest.denyWrite?.[file] ?? [], limits.denyWrite);
    if (merged.ok)
      merged = mergeOwnedArray(merged.text, ALLOW_WRITE_PATH, manifest.allowWrite?.[file] ?? [], limits.allowWrite);
    if (merged.ok) merged = setJsonValues(merged.text, SANDBOX_SWITCHES);
    // The Session Board's event hooks ride along with the guard: one settings file per agent.
    if (merged.ok) merged = mergeEventHooks(merged.text, domain.id);
    // The owner hears of requests to it, and the requester of requests done, at the agent's next turn.
    if (merged.ok) merged = mergeInboxHooks(merged.text, inboxHookCommand(domain.id));
    const written = await apply(root, file, merged.ok ? { ...merged, changed: merged.text !== existing } : merged);
    if ('reason' in written) return { ok: false, reason: written.reason };
    manifest.targets[file] = [];
    manifest.denyWrite = { ...manifest.denyWrite, [file]: limits.denyWrite };
    manifest.allowWrite = { ...manifest.allowWrite, [file]: limits.allowWrite };
    files.push(written);
  }
  if (globbed.size > 0) {
    notes.push(
      `the sandbox takes paths, not patterns: Bash may create new files matching ${[...globbed].sort().join(', ')} (the hook still refuses the file tools); export again after adding files`,
    );
  }
  await fs.mkdir(path.dirname(places.manifest), { recursive: true });
  await fs.writeFile(places.manifest, JSON.stringify(manifest, null, 2) + '\n');
  return { ok: true, files, notes };
}

function insideFolder(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export interface WorkflowOptions {
  /** The self-contained CLI bundle to commit beside the workflow, when one is at hand. */
  readonly cliBundle: string | undefined;
  readonly out?: string;
}

export async function writeCiWorkflow(ctx: ExportContext, options: WorkflowOptions): Promise<ExportResult> {
  const file =
    options.out === undefined ? path.join(topOf(ctx), WORKFLOW_FILE) : resolveOut(ctx.root, options.out, WORKFLOW_FILE);
  const existing = await readIfExists(file);
  // A workflow someone else wrote is YAML: appending a second document to it would break it.
  if (existing !== undefined && existing.trim() !== '' && !existing.includes(`# ${BLOCK_BEGIN}`)) {
    return {
      ok: false,
      reason: `${display(ctx.root, file)} exists and was not written by Territory; move it aside or pass --out`,
    };
  }
  const block = renderBlock(
    ciWorkflowLines({ folder: mapFolder(ctx), branch: ctx.map.branch }),
    'generated by `territory ci-workflow`; changes inside this block are replaced',
  );
  const written = await apply(topOf(ctx), file, mergeBlock(existing, block));
  if ('reason' in written) return { ok: false, reason: written.reason };
  const files = [written];
  const notes: string[] = [];
  const vendored = path.join(ctx.root, VENDORED_CLI);
  if (options.cliBundle !== undefined) {
    const bytes = await fs.readFile(options.cliBundle);
    const current = await fs.readFile(vendored).catch(() => undefined);
    const changed = current === undefined || !current.equals(bytes);
    if (changed) {
      // An executable written through a linked .territory would land anywhere on the machine.
      const outside = await outsideFolder(ctx.root, vendored);
      if (outside !== undefined) return { ok: false, reason: outside };
      await fs.mkdir(path.dirname(vendored), { recursive: true });
      await fs.writeFile(vendored, bytes, { mode: 0o755 });
    }
    files.push({ file: VENDORED_CLI, changed });
  } else if (!existsSync(vendored)) {
    notes.push(`no CLI bundle at hand: copy territory's dist/cli.js to ${VENDORED_CLI} and commit it`);
  }
  notes.push(
    `commit ${display(ctx.root, file)} and ${VENDORED_CLI} to the base branch: the job runs the checker committed at the base of each pull request, merge queue entry and push, and fails where the base has none`,
  );
  return { ok: true, files, notes };
}
