import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { commitsCommand, isGitCommandFlag, reportCommand, statusCommand } from './cliGit';
import { isAgentGuardFlag, preToolUseCommand } from './cliAgentGuard';
import { checkCommand, ciWorkflowCommand, exportCommand, hooksCommand, isGuardFlag } from './cliGuard';
import { CliProblems, terminalOutput, type CliOutput } from './cliFlags';
import { exportProtocolCommand, isPromptFlag, promptCommand } from './cliPrompts';
import { walkFiles } from './core/files';
import { readHandoffTexts } from './core/handoffs/discover';
import { handoffsJson, handoffsText } from './core/handoffs/report';
import { analyzeHandoffFile } from './core/handoffs/validate';
import { OwnershipResolver, type Ownership } from './core/ownership/resolver';
import { checkCoverage, readFolderMap, type MapReading } from './core/territory';
import { MAP_FILE_NAME, hasErrors, type DomainMap, type MapDiagnostic } from './core/types';
import { listRepositoryFiles } from './git/files';
import { findRepositoryRoot } from './git/repository';

const USAGE = `Usage: territory <command> [options]

Commands:
  validate              check the domain map; exit 1 on errors
  owner <path>...       the owning domain of each path (or unassigned / contested)
  domains               the map as read (from territory.json or the markdown table)
  handoffs [--open] [--blocking]
                        parsed HANDOFF_FROM_<DOMAIN>.md requests by source and target, with state
  commits [--range A..B | --since DATE | --all] [--base BRANCH]
                        commits grouped by domain prefix, with violations; exit 1 on violations
                        (default range: the current branch since its merge-base with the base branch)
  status                uncommitted changes grouped by owning domain
  report <DOMAIN> [--range A..B | --since DATE | --all] [--base BRANCH]
                        the seed's REPORT FORMAT for a domain, as markdown
  check [--staged] [--message FILE] [--range A..B [--base REF]] [--pre-push --remote=NAME]
        [--domain ID] [--exempt merge,revert,fixup]
                        staged files, a commit message, a range of commits (CI) or a push
                        against the map; the domain is --domain or TERRITORY_DOMAIN; exit 1 on any violation
  hooks install [--cli FILE]|uninstall|status
                        the pre-commit, commit-msg and pre-push hooks that run territory check
  export codeowners [--owner ID=@team]... | commitlint | permissions [--domain ID] [--out FILE]
                        CODEOWNERS, a commitlint config, Claude Code deny rules per domain
  ci-workflow [--out FILE] [--cli BUNDLE]
                        .github/workflows/territory.yml running check --range on pull requests
  prompt <DOMAIN> [--task TEXT]
                        the domain's terminal prompt (template, session plan, open handoffs)
  export-protocol [--out FILE]
                        the whole protocol document for the map, as markdown
  pre-tool-use [--domain ID]
                        Claude Code's PreToolUse hook: reads the tool call as JSON on stdin;
                        exit 2 (reason on stderr) when the domain may not write the target

Options:
  --json                machine-readable output
  --cwd DIR             run as if started in DIR
  --map FILE            map file to read instead of discovering one
  -h, --help            this help

Exit codes: 0 success, 1 the check failed, 2 bad usage or a map that cannot be read.`;

class UsageError extends Error {}

interface Options {
  readonly command: string | undefined;
  readonly args: string[];
  readonly json: boolean;
  readonly cwd: string;
  readonly map: string | undefined;
  readonly help: boolean;
}

export function parseArgs(argv: readonly string[]): Options {
  const args: string[] = [];
  let json = false;
  let cwd = process.cwd();
  let map: string | undefined;
  let help = false;
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths) args.push(arg);
    else if (arg === '--') onlyPaths = true;
    else if (arg === '--json') json = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--cwd' || arg === '--map') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--cwd') cwd = path.resolve(value);
      else map = value;
    } else if (arg.startsWith('--cwd=')) cwd = path.resolve(arg.slice(6));
    else if (arg.startsWith('--map=')) map = arg.slice(6);
    else if (arg.startsWith('-') && !(args[0] === 'handoffs' && HANDOFFS_FLAGS.includes(arg)) && !isGitCommandFlag(args[0], arg) && !isGuardFlag(args[0], arg) && !isPromptFlag(args[0], arg) && !isAgentGuardFlag(args[0], arg)) throw new UsageError(`unknown option ${arg}`);
    else args.push(arg);
  }
  return { command: args.shift(), args, json, cwd, map, help };
}

type Output = CliOutput;

/** The folder the map belongs to: the nearest ancestor holding territory.json, else the git top, else cwd. */
async function findRoot(cwd: string): Promise<string> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, MAP_FILE_NAME))) return dir;
    // The search stops at the top of the work tree (a `.git` directory, or the `.git` file of a
    // submodule or linked worktree): a territory.json above it belongs to another project, and
    // its folder would not be where git runs.
    if (existsSync(path.join(dir, '.git'))) break;
    if (path.dirname(dir) === dir) break;
  }
  return (await findRepositoryRoot(cwd)) ?? cwd;
}

async function loadMap(options: Options, io: Output): Promise<{ root: string; reading: MapReading; map: DomainMap } | number> {
  const root = await findRoot(options.cwd);
  const reading = await readFolderMap(root, options.map);
  return checkedMap(root, reading, options, io);
}

function checkedMap(root: string, reading: MapReading, options: Options, io: Output): { root: string; reading: MapReading; map: DomainMap } | number {
  if (reading.failure !== undefined || reading.parsed?.map === undefined) {
    io.err(`territory: ${reading.failure ?? `cannot read a map from ${reading.source?.file}: ${firstError(reading.parsed?.diagnostics ?? [])}`}`);
    return 2;
  }
  if (options.command !== 'validate' && hasErrors(reading.parsed.diagnostics)) {
    io.err(`territory: the map ${relative(options.cwd, reading.source?.file)} has errors (${firstError(reading.parsed.diagnostics)}); run "territory validate"`);
    return 2;
  }
  return { root, reading, map: reading.parsed.map };
}

function firstError(diagnostics: readonly MapDiagnostic[]): string {
  const error = diagnostics.find((d) => d.severity === 'error');
  if (!error) return 'unknown error';
  return error.range ? `line ${error.range.line + 1}: ${error.message}` : error.message;
}

function relative(from: string, file: string | undefined): string {
  if (file === undefined) return '(no file)';
  const rel = path.relative(from, file);
  return rel.startsWith('..') ? file : rel || '.';
}

async function validate(options: Options, io: Output): Promise<number> {
  const root = await findRoot(options.cwd);
  const reading = await readFolderMap(root, options.map);
  // A map file that does not parse (syntax-error, empty-file, wrong-type) is validate's to report,
  // with its diagnostics, in text and JSON alike; only a missing or unreadable file is exit 2.
  const unparsed = reading.failure === undefined && reading.parsed !== undefined && reading.parsed.map === undefined;
  const loaded = unparsed ? { root, reading, map: undefined } : checkedMap(root, reading, options, io);
  if (typeof loaded === 'number') return loaded;
  const { map } = loaded;
  const diagnostics = [...(reading.parsed?.diagnostics ?? [])];
  let files: string[] = [];
  let unassigned: { path: string; files: number }[] = [];
  if (map && !hasErrors(diagnostics)) {
    const listing = await listRepositoryFiles(root);
    files = listing.ok ? listing.files : await walkFiles(root);
    const checked = checkCoverage(reading, map, OwnershipResolver.compile(map), files);
    diagnostics.push(...checked.diagnostics);
    unassigned = checked.report.unassignedDirectories.map((d) => ({ path: d.path, files: d.files }));
  }
  const ok = map !== undefined && !hasErrors(diagnostics);
  const file = relative(options.cwd, reading.source?.file);
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          ok,
          root,
          mapFile: reading.source?.file,
          kind: reading.source?.kind,
          domains: map?.domains.length ?? 0,
          files: files.length,
          diagnostics: diagnostics.map((d) => ({
            severity: d.severity,
            code: d.code,
            message: d.message,
            line: d.range ? d.range.line + 1 : undefined,
            column: d.range ? d.range.column + 1 : undefined,
          })),
          unassignedDirectories: unassigned,
        },
        null,
        2,
      ),
    );
  } else {
    for (const d of diagnostics) {
      const where = d.range ? `${file}:${d.range.line + 1}:${d.range.column + 1}` : file;
      io.out(`${where}: ${d.severity} [${d.code}] ${d.message}`);
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    io.out(`${file}: ${map?.domains.length ?? 0} domains, ${files.length} files checked, ${errors} error(s), ${warnings} warning(s)`);
  }
  if (!ok) io.err(`territory: the map ${file} has ${diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
  return ok ? 0 : 1;
}

function ownerRecord(input: string, relativePath: string | undefined, ownership: Ownership): Record<string, unknown> {
  const record: Record<string, unknown> = { path: input, relativePath, owner: ownership.kind === 'owned' ? ownership.domain.id : ownership.kind };
  if (ownership.kind === 'owned') {
    const { id, terminal, name } = ownership.domain;
    Object.assign(record, { domain: { id, terminal, name }, pattern: ownership.pattern, viaHandoff: ownership.viaHandoff });
  } else if (ownership.kind === 'contested') {
    Object.assign(record, { contestedBy: ownership.domains.map((d) => d.id), patterns: ownership.patterns });
  }
  return record;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

async function owner(options: Options, io: Output): Promise<number> {
  if (options.args.length === 0) throw new UsageError('owner needs at least one path');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const resolver = OwnershipResolver.compile(loaded.map);
  let outside = 0;
  const records = options.args.map((input) => {
    const relativePath = path.relative(loaded.root, path.resolve(options.cwd, input)).split(path.sep).join('/');
    const escapes = relativePath === '..' || relativePath.startsWith('../') || path.isAbsolute(relativePath);
    if (escapes) {
      outside++;
      return ownerRecord(input, undefined, { kind: 'outside' });
    }
    // A directory is answered as one (`backend/app/models` is CORE's when `backend/app/models/` is).
    return ownerRecord(input, relativePath, resolver.resolve(relativePath, /[\\/]$/.test(input) || isDirectory(path.resolve(options.cwd, input))));
  });
  if (options.json) io.out(JSON.stringify(records, null, 2));
  else {
    for (const r of records) {
      const detail = r.owner === 'contested' ? ` (${(r.contestedBy as string[]).join(', ')})` : r.pattern ? ` (${r.pattern as string})` : '';
      io.out(`${r.path as string}\t${r.owner as string}${detail}`);
    }
  }
  if (outside > 0) {
    io.err(`territory: ${outside} path(s) lie outside the folder ${loaded.root}`);
    return 2;
  }
  return 0;
}

async function domains(options: Options, io: Output): Promise<number> {
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { map, reading } = loaded;
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          mapFile: reading.source?.file,
          kind: reading.source?.kind,
          project: map.project,
          branch: map.branch,
          agentsPerTerminal: map.agentsPerTerminal,
          handoffFile: map.handoffFile,
          domains: map.domains,
        },
        null,
        2,
      ),
    );
  } else {
    io.out(`${relative(options.cwd, reading.source?.file)} (${reading.source?.kind})${map.project ? ` — ${map.project}` : ''}`);
    for (const d of map.domains) {
      io.out(`${d.terminal}\t${d.id}\t${d.name}\t${d.prefixes.join(' ')}\t${d.paths.join(', ')}`);
    }
  }
  return 0;
}

/** Options of `territory handoffs` only; they reach it as arguments. */
const HANDOFFS_FLAGS = ['--open', '--blocking'];

async function handoffs(options: Options, io: Output): Promise<number> {
  const stray = options.args.find((a) => !HANDOFFS_FLAGS.includes(a));
  if (stray !== undefined) throw new UsageError(`handoffs takes no argument "${stray}"`);
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const context = { map, resolver: OwnershipResolver.compile(map) };
  const skipped: string[] = [];
  const files = (await readHandoffTexts(root, map.handoffFile, skipped)).map((f) => analyzeHandoffFile(f.path, f.text, context));
  for (const reason of skipped) io.err(`territory: note: ${reason}`);
  const filter = { open: options.args.includes('--open'), blocking: options.args.includes('--blocking') };
  if (options.json) io.out(JSON.stringify(handoffsJson(root, map.handoffFile, files, filter), null, 2));
  else for (const line of handoffsText(files, filter, (file) => relative(options.cwd, path.join(root, file)))) io.out(line);
  return 0;
}

export async function main(argv: readonly string[], terminal: Output): Promise<number> {
  let options: Options;
  // Every command prints through the escaping writer: the map's text never acts on the terminal.
  let io = terminalOutput(terminal, false);
  try {
    options = parseArgs(argv);
    io = terminalOutput(terminal, options.json);
    if (options.help || options.command === undefined) {
      io.document(USAGE, options.help ? 'out' : 'err');
      return options.help ? 0 : 2;
    }
    switch (options.command) {
      case 'validate':
        return await validate(options, io);
      case 'owner':
        return await owner(options, io);
      case 'domains':
        return await domains(options, io);
      case 'handoffs':
        return await handoffs(options, io);
      case 'commits':
        return await commitsCommand(options, io, loadMap);
      case 'status':
        return await statusCommand(options, io, loadMap);
      case 'report':
        return await reportCommand(options, io, loadMap);
      case 'check':
        return await checkCommand(options, io, loadMap);
      case 'hooks':
        return await hooksCommand(options, io);
      case 'export':
        return await exportCommand(options, io, loadMap);
      case 'ci-workflow':
        return await ciWorkflowCommand(options, io, loadMap);
      case 'prompt':
        return await promptCommand(options, io, loadMap);
      case 'export-protocol':
        return await exportProtocolCommand(options, io, loadMap);
      case 'pre-tool-use':
        return await preToolUseCommand(options, io);
      default:
        throw new UsageError(`unknown command "${options.command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`territory: ${error.message} (see territory --help)`);
      return 2;
    }
    if (error instanceof CliProblems) {
      for (const problem of error.problems) io.err(`territory: ${problem}`);
      return 2;
    }
    io.err(`territory: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
  });
}
