// Every subcommand of `territory`, in one table: the usage text, the check of each subcommand's
// options and the dispatch are all made from it (src/cli/main.ts), and `territory --help --json`
// prints it for scripts and agents.
import type { CliOptions, CliOutput, FlagSpec, LoadMap } from './flags';
import { commitsCommand, reportCommand, statusCommand } from './git';
import { PRE_TOOL_USE_FLAGS, preToolUseCommand } from './agentGuard';
import { EVENT_FLAGS, eventCommand } from './eventCommand';
import { sessionCommand } from './mission';
import { finishCommand, sessionBranchCommand } from './finish';
import { ciWorkflowCommand, exportCommand, hooksCommand } from './exports';
import { guardCheckCommand } from './guardCheck';
import { CHECK_FLAGS, checkCommand, type GuardCliOutput } from './check';
import { domains, handoffs, owner, validate } from './mapCommands';
import { exportProtocolCommand, promptCommand } from './prompts';
import { SANDBOX_FLAGS, sandboxCommand } from './sandbox';
import { HANDOFF_FLAGS, handoffCommand } from './handoffCommand';

export interface Subcommand extends FlagSpec {
  readonly name: string;
  /** What follows the name in the usage, one entry per usage line. */
  readonly synopsis: readonly string[];
  /** What it does, one entry per usage line. */
  readonly summary: readonly string[];
  /** Whether it reads the domain map (a folder without one makes it exit 2). */
  readonly needsMap: boolean;
  readonly run: (
    options: CliOptions,
    io: Required<CliOutput> & GuardCliOutput,
    loadMap: LoadMap<CliOptions>,
  ) => Promise<number>;
}

const RANGE_SYNOPSIS = '[--range A..B | --since DATE | --all] [--base BRANCH]';

export const SUBCOMMANDS: readonly Subcommand[] = [
  {
    name: 'validate',
    synopsis: [],
    summary: ['check the domain map; exit 1 on errors'],
    needsMap: true,
    run: (o, io) => validate(o, io),
  },
  {
    name: 'owner',
    synopsis: ['<path>...'],
    summary: ['the owning domain of each path (or unassigned / contested)'],
    needsMap: true,
    run: (o, io) => owner(o, io),
  },
  {
    name: 'domains',
    synopsis: [],
    summary: ['the map as read (from territory.json or the markdown table)'],
    needsMap: true,
    run: (o, io) => domains(o, io),
  },
  {
    name: 'handoffs',
    synopsis: ['[--open] [--blocking]'],
    summary: ['parsed HANDOFF_FROM_<DOMAIN>.md requests by source and target, with state'],
    bareFlags: ['--open', '--blocking'],
    needsMap: true,
    run: (o, io) => handoffs(o, io),
  },
  {
    name: 'handoff',
    synopsis: [
      'add --to ID --file PATH --change TEXT --reason TEXT --blocking yes|no [--patch ID] [--from ID]',
      'done --from ID (--index N | --file PATH)',
      'hook [--domain ID]',
    ],
    summary: [
      "add: one request in the requester's HANDOFF_FROM_<DOMAIN>.md (the domain is TERRITORY_DOMAIN or --from);",
      '--patch names the change a blocked edit kept; done: checks a request (its source, its target or the lead);',
      "hook: Claude Code's SessionStart/UserPromptSubmit/Stop hook telling the agent of open and done requests",
    ],
    ...HANDOFF_FLAGS,
    // hook reads the map itself and never fails; add and done load it.
    needsMap: false,
    run: (o, io, load) => handoffCommand(o, io, load),
  },
  {
    name: 'commits',
    synopsis: [RANGE_SYNOPSIS],
    summary: [
      'commits grouped by domain prefix, with violations; exit 1 on violations',
      '(default range: the current branch since its merge-base with the base branch)',
    ],
    valueFlags: ['--range', '--since', '--base'],
    bareFlags: ['--all'],
    needsMap: true,
    run: commitsCommand,
  },
  {
    name: 'status',
    synopsis: [],
    summary: ['uncommitted changes grouped by owning domain'],
    needsMap: true,
    run: statusCommand,
  },
  {
    name: 'report',
    synopsis: [`<DOMAIN> ${RANGE_SYNOPSIS}`],
    summary: ["the seed's REPORT FORMAT for a domain, as markdown"],
    valueFlags: ['--range', '--since', '--base'],
    bareFlags: ['--all'],
    needsMap: true,
    run: reportCommand,
  },
  {
    name: 'check',
    synopsis: [
      '[--staged] [--message FILE] [--range A..B [--base REF]] [--pre-push --remote=NAME]',
      '[--domain ID] [--exempt merge,revert,fixup]',
    ],
    summary: [
      'staged files, a commit message, a range of commits (CI) or a push',
      'against the map; the domain is --domain or TERRITORY_DOMAIN; exit 1 on any violation',
    ],
    ...CHECK_FLAGS,
    needsMap: true,
    run: checkCommand,
  },
  {
    name: 'hooks',
    synopsis: ['install [--cli FILE]|uninstall|status'],
    summary: ['the pre-commit, commit-msg and pre-push hooks that run territory check'],
    valueFlags: ['--cli'],
    needsMap: false,
    run: (o, io) => hooksCommand(o, io),
  },
  {
    name: 'export',
    synopsis: [
      'codeowners [--owner ID=@team]... | commitlint | permissions [--agent claude|gemini|codex|copilot] [--domain ID] [--out FILE]',
    ],
    summary: [
      "CODEOWNERS, a commitlint config, the agents' guard settings (Claude Code by default: guard hook, sandbox)",
    ],
    valueFlags: ['--owner', '--out', '--domain', '--agent'],
    needsMap: true,
    run: exportCommand,
  },
  {
    name: 'guard-check',
    synopsis: ['--domain ID [--settings FILE] [--agent claude|gemini|codex|copilot] [--trust]'],
    summary: [
      "runs the domain's agent guard as the agent will (Claude Code by default), on a canary write",
      'to another domain\'s file: "guard armed" (exit 0) or the reasons it is not (exit 1);',
      "with --agent codex --trust, records Codex's trust in Territory's own hooks when that is all that is missing",
    ],
    valueFlags: ['--domain', '--settings', '--agent'],
    bareFlags: ['--trust'],
    needsMap: true,
    run: guardCheckCommand,
  },
  {
    name: 'ci-workflow',
    synopsis: ['[--out FILE] [--cli BUNDLE]'],
    summary: ['.github/workflows/territory.yml running check --range on pull requests'],
    valueFlags: ['--out', '--cli'],
    needsMap: true,
    run: ciWorkflowCommand,
  },
  {
    name: 'prompt',
    synopsis: ['<DOMAIN> [--task TEXT]'],
    summary: ["the domain's terminal prompt (template, session plan, open handoffs)"],
    valueFlags: ['--task'],
    needsMap: true,
    run: promptCommand,
  },
  {
    name: 'export-protocol',
    synopsis: ['[--out FILE]'],
    summary: ['the whole protocol document for the map, as markdown'],
    valueFlags: ['--out'],
    needsMap: true,
    run: exportProtocolCommand,
  },
  {
    name: 'sandbox',
    synopsis: ['--domain ID [--print] -- COMMAND [ARGS...]'],
    summary: [
      "runs COMMAND in the OS sandbox (srt) with the domain's write limits and",
      'territory.sandboxNetwork; --print shows the sandbox config instead',
    ],
    ...SANDBOX_FLAGS,
    needsMap: true,
    run: sandboxCommand,
  },
  {
    name: 'pre-tool-use',
    synopsis: ['[--domain ID] [--agent claude|gemini|codex|copilot]'],
    summary: [
      "the agents' pre-tool hook (Claude Code's and Codex CLI's PreToolUse, Gemini CLI's BeforeTool): reads the tool call",
      'as JSON on stdin; exit 2 (reason on stderr, or a JSON deny for Gemini) when the domain may not write the target',
    ],
    ...PRE_TOOL_USE_FLAGS,
    // It reads the map itself: a missing or broken map blocks the edit (exit 2) instead of stopping.
    needsMap: false,
    run: (o, io) => preToolUseCommand(o, io),
  },
  {
    name: 'event',
    synopsis: ['[--domain ID] [--agent claude|codex|gemini|copilot] [--event NAME]'],
    summary: [
      "the agents' hook for every event (Claude Code's SessionStart … SessionEnd, or Codex's,",
      "Gemini's, Copilot's): reads the event as JSON on stdin and appends it to",
      '.territory/events/<DOMAIN>.jsonl; always exit 0',
    ],
    ...EVENT_FLAGS,
    needsMap: false,
    run: (o, io) => eventCommand(o, io),
  },
  {
    name: 'session',
    synopsis: ['[--domain ID]'],
    summary: [
      "every domain's agent state (working, waiting, idle, blocked, stalled, exited)",
      'with its edits, blocked edits, commits and open handoffs, as the Session Board shows them',
    ],
    valueFlags: ['--domain'],
    needsMap: true,
    run: sessionCommand,
  },
  {
    name: 'session-branch',
    synopsis: [],
    summary: ['the branch every terminal pushes to (rule 4); exit 1 when none is set'],
    needsMap: true,
    run: sessionBranchCommand,
  },
  {
    name: 'finish',
    synopsis: ['[--merge | --pr] [--dry-run]'],
    summary: [
      'phase 4: blocking handoffs, commits, uncommitted changes, clean merge and',
      'tests, then a --no-ff merge into the base or a pushed pull request; exit 1',
      'at the first failed check',
    ],
    bareFlags: ['--merge', '--pr', '--dry-run'],
    needsMap: true,
    run: finishCommand,
  },
];

export function subcommandNamed(name: string | undefined): Subcommand | undefined {
  return SUBCOMMANDS.find((c) => c.name === name);
}

/** Options every subcommand takes. */
export const GLOBAL_OPTIONS: readonly (readonly [string, string])[] = [
  ['--json', 'machine-readable output'],
  ['--cwd DIR', 'run as if started in DIR'],
  ['--map FILE', 'map file to read instead of discovering one'],
  ['-h, --help', 'this help'],
];

const COLUMN = 22;
const INDENT = ' '.repeat(COLUMN + 2);

/** The usage text, made from the table. */
export function usageText(): string {
  const lines = ['Usage: territory <command> [options]', '', 'Commands:'];
  for (const command of SUBCOMMANDS) {
    const heads = [
      `${command.name}${command.synopsis[0] ? ` ${command.synopsis[0]}` : ''}`,
      ...command.synopsis.slice(1).map((s) => `${' '.repeat(command.name.length + 1)}${s}`),
    ];
    const [firstSummary, ...moreSummary] = command.summary;
    if (heads.length === 1 && heads[0].length < COLUMN) lines.push(`  ${heads[0].padEnd(COLUMN)}${firstSummary}`);
    else lines.push(...heads.map((h) => `  ${h}`), `${INDENT}${firstSummary}`);
    lines.push(...moreSummary.map((s) => `${INDENT}${s}`));
  }
  lines.push('', 'Options:', ...GLOBAL_OPTIONS.map(([flag, text]) => `  ${flag.padEnd(COLUMN)}${text}`));
  lines.push('', 'Exit codes: 0 success, 1 the check failed, 2 bad usage or a map that cannot be read.');
  return lines.join('\n');
}

/** The table as `territory --help --json` prints it. */
export function usageJson(): unknown {
  return {
    commands: SUBCOMMANDS.map((c) => ({
      name: c.name,
      synopsis: c.synopsis.join(' '),
      summary: c.summary.join(' '),
      valueFlags: c.valueFlags ?? [],
      bareFlags: c.bareFlags ?? [],
      needsMap: c.needsMap,
    })),
    options: GLOBAL_OPTIONS.map(([flag, text]) => ({ flag, text })),
    exitCodes: { 0: 'success', 1: 'the check failed', 2: 'bad usage or a map that cannot be read' },
  };
}
