// The prompt commands of the CLI: `territory prompt <DOMAIN>` and `territory export-protocol`.
// They give the same text as the editor's Copy Prompt and Export Protocol: the workspace's
// template, session plan, settings, unassigned files and open handoffs all count.
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ExportProtocolJson, PromptJson } from './json';
import {
  CliProblems,
  domainNamed,
  noPositional,
  singleValue,
  UsageError,
  type CliOptions,
  type CliOutput,
  type LoadMap,
} from './flags';
import { readFolderSettings } from '../core/settings';
import { readHandoffTexts } from '../core/handoffs/discover';
import { outsideFolder } from '../core/safePath';
import { openRequestsTo, type HandoffRequest } from '../core/handoffs/types';
import { analyzeHandoffTexts } from '../core/handoffs/doneClaims';
import { OwnershipResolver } from '../core/ownership/resolver';
import { analyzeCoverage } from '../core/ownership/coverage';
import { checkTemplate, DEFAULT_TEMPLATE, generatePrompt, TEMPLATE_FILE, type PromptInputs } from '../core/prompts';
import { exportProtocol } from '../core/prompts/protocol';
import { EMPTY_PLAN, parseSessionPlan, SESSION_FILE, type SessionPlan } from '../core/session';
import { designatedBranch } from '../core/sessionBranch';
import type { DomainMap } from '../core/types';
import { listRepositoryFiles } from '../git/files';

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** What every prompt of the folder shares: the plan, the settings and the unassigned files. */
async function promptContext(
  root: string,
  map: DomainMap,
  resolver: OwnershipResolver,
  io: CliOutput,
): Promise<{ plan: SessionPlan; inputs: Omit<PromptInputs, 'task' | 'openHandoffs'> }> {
  const sessionText = await readOptional(path.join(root, SESSION_FILE));
  let plan = EMPTY_PLAN;
  if (sessionText !== undefined) {
    const parsed = parseSessionPlan(sessionText, map);
    plan = parsed.plan;
    for (const problem of parsed.problems) {
      io.err(
        `territory: ${SESSION_FILE}:${problem.range.line + 1}:${problem.range.column + 1}: ${problem.severity}: ${problem.message}${parsed.broken ? ' (no task is taken from it)' : ''}`,
      );
    }
  }
  const { settings } = await readFolderSettings(root);
  const listing = await listRepositoryFiles(root);
  const unassigned = listing.ok ? analyzeCoverage(map, resolver, listing.files).unassignedCover : undefined;
  if (!listing.ok && settings.unassigned === 'locked')
    io.err(`territory: note: ${listing.reason}; OFF LIMITS lists no unassigned files`);
  return {
    plan,
    inputs: {
      unassignedPolicy: settings.unassigned,
      unassigned,
      branch: designatedBranch(plan.branch, map.branch).branch,
    },
  };
}

/** The workspace's template, or the built-in one; an unknown placeholder stops the command. */
async function promptTemplate(root: string, cwd: string): Promise<{ template: string; file?: string }> {
  const file = path.join(root, TEMPLATE_FILE);
  const text = await readOptional(file);
  if (text === undefined) return { template: DEFAULT_TEMPLATE };
  const problems = checkTemplate(text);
  if (problems.length > 0) {
    const shown = path.relative(cwd, file) || file;
    throw new CliProblems(problems.map((p) => `${shown}:${p.line + 1}:${p.column + 1}: ${p.message}`));
  }
  return { template: text, file };
}

async function openRequestsFor(
  root: string,
  map: DomainMap,
  resolver: OwnershipResolver,
  domainId: string,
): Promise<HandoffRequest[]> {
  const files = analyzeHandoffTexts(await readHandoffTexts(root, map.handoffFile), { map, resolver });
  return openRequestsTo(
    files.flatMap((f) => f.requests),
    domainId,
  );
}

/** `territory prompt <DOMAIN> [--task TEXT]`: the domain's terminal prompt. */
export async function promptCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = options.flags;
  if (parsed.positional.length !== 1) throw new UsageError('prompt needs one domain id, e.g. territory prompt CORE');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const domain = domainNamed(map, parsed.positional[0]);
  if (!domain)
    throw new UsageError(
      `no domain "${parsed.positional[0]}" in the map (domains: ${map.domains.map((d) => d.id).join(', ')})`,
    );
  const { template, file } = await promptTemplate(root, options.cwd);
  const resolver = OwnershipResolver.compile(map);
  const { plan, inputs } = await promptContext(root, map, resolver, io);
  const task = singleValue(parsed, '--task') ?? plan.tasks[domain.id];
  const openHandoffs = await openRequestsFor(root, map, resolver, domain.id);
  const prompt = generatePrompt(map, domain.id, { ...inputs, task, openHandoffs }, template);
  if (options.json) {
    const { id, terminal, name } = domain;
    const body: PromptJson = {
      domain: { id, terminal, name },
      task: task ?? null,
      template: file ?? null,
      openHandoffs: openHandoffs.length,
      prompt,
    };
    io.out(JSON.stringify(body, null, 2));
  } else (io.document ?? io.out)(prompt.replace(/\n$/, ''));
  return 0;
}

/** `territory export-protocol [--out FILE]`: the whole protocol document for the map. */
export async function exportProtocolCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = options.flags;
  noPositional(parsed, 'export-protocol');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { plan, inputs } = await promptContext(loaded.root, loaded.map, OwnershipResolver.compile(loaded.map), io);
  const text = exportProtocol(loaded.map, plan, inputs);
  const out = singleValue(parsed, '--out');
  if (out !== undefined) {
    const target = path.resolve(options.cwd, out);
    // --out is the user's, but a symbolic link inside the folder must not carry it elsewhere.
    const refused = await outsideFolder(loaded.root, target);
    if (refused !== undefined) {
      io.err(`territory: ${refused}`);
      return 2;
    }
    await writeFile(target, text);
    if (options.json)
      io.out(JSON.stringify({ file: target, bytes: Buffer.byteLength(text) } satisfies ExportProtocolJson, null, 2));
    else io.out(`territory: protocol written to ${path.relative(options.cwd, target) || target}`);
  } else if (options.json) io.out(JSON.stringify({ markdown: text } satisfies ExportProtocolJson, null, 2));
  else (io.document ?? io.out)(text.replace(/\n$/, ''));
  return 0;
}
