// `territory session`: every domain's state and counts, as the Session Board shows them, for a lead
// in a plain terminal or a script. Made from the same logs and the same model as the board.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { domainNamed, noPositional, singleValue, type CliOptions, type CliOutput, type LoadMap } from './flags';
import { readBlocked } from '../core/guard/blockedLog';
import { analyzeHandoffTexts } from '../core/handoffs/doneClaims';
import { readHandoffTexts } from '../core/handoffs/discover';
import { buildBoard, laneSummary, type LaneInput } from '../core/mission/board';
import { readEvents } from '../core/mission/eventLog';
import { activityOf, domainCommits, openHandoffs } from '../core/mission/inputs';
import { agentKindOf } from '../core/mission/agents';
import type { UsageSummary } from '../core/mission/prices';
import { TranscriptUsage, transcriptFolders } from '../core/mission/transcripts';
import { OwnershipResolver } from '../core/ownership/resolver';
import { EMPTY_PLAN, parseSessionPlan, SESSION_FILE } from '../core/session';
import { readFolderSettings } from '../core/settings';
import { loadHistory } from '../git/history';
import { count } from '../core/plural';

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`
    : `${minutes}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

export async function sessionCommand(
  options: CliOptions,
  io: Required<CliOutput>,
  loadMap: LoadMap<CliOptions>,
): Promise<number> {
  noPositional(options.flags, 'session');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const resolver = OwnershipResolver.compile(map);
  const { settings } = await readFolderSettings(root);
  let plan = EMPTY_PLAN;
  try {
    plan = parseSessionPlan(readFileSync(path.join(root, ...SESSION_FILE.split('/')), 'utf8'), map).plan;
  } catch {
    /* no plan */
  }
  const ids = map.domains.map((d) => d.id);
  // A log behind a symbolic link is not read (it could be any file on the machine): the note says which.
  const logNotes: string[] = [];
  const events = readEvents(root, ids, logNotes);
  const blocked = await readBlocked(root, logNotes);
  const usage = readUsage(root, events, logNotes);
  for (const note of logNotes) io.err(`territory: note: ${note}`);
  const handoffs = openHandoffs(analyzeHandoffTexts(await readHandoffTexts(root, map.handoffFile), { map, resolver }));
  // Commits need git; without it (no repository) the counts say so rather than fail.
  const history = await loadHistory(root, map, resolver, {
    choice: { kind: 'default' },
    baseBranch: settings.baseBranch,
    maxCommits: settings.maxCommits,
    unassignedPolicy: settings.unassigned,
  });
  if (!history.ok) io.err(`territory: note: commits not counted: ${history.reason}`);
  // A session branch just made: main's commits are not the session's (the counts are 0), and it says so.
  else if (history.history.range.atBase)
    for (const notice of history.history.range.notices) io.err(`territory: note: ${notice}`);
  const inputs: LaneInput[] = map.domains.map((d) => {
    const own = events.filter((e) => e.domain === d.id);
    const blocks = blocked.filter((b) => b.domain === d.id);
    return {
      id: d.id,
      terminal: d.terminal,
      name: d.name,
      task: plan.tasks[d.id],
      activity: activityOf(own, blocks),
      events: own,
      blocked: blocks,
      commits: history.ok ? domainCommits(history.history.grouping, d.id) : [],
      handoffs: handoffs.filter((h) => h.from === d.id || h.to === d.id),
      hasTerminal: false,
      ...(usage(d.id) ? { usage: usage(d.id) } : {}),
    };
  });
  const now = Date.now();
  const agent = agentKindOf(settings.agentCommand);
  const board = buildBoard(plan.goal, inputs, now, (id) => ({
    stallMs: settings.stallMinutes * 60_000,
    hasTask: Boolean(plan.tasks[id]),
    agent,
  }));
  const only = singleValue(options.flags, '--domain');
  const domain = only === undefined ? undefined : domainNamed(map, only);
  if (only !== undefined && domain === undefined) {
    io.err(`territory: no domain "${only}" in the map (${ids.join(', ')})`);
    return 2;
  }
  const lanes = board.lanes.filter((l) => domain === undefined || l.id === domain.id);
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          generatedAt: new Date(now).toISOString(),
          goal: board.goal,
          usage: board.usage ?? null,
          domains: lanes.map(laneSummary),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  if (board.goal !== '') io.out(`Goal: ${board.goal}`);
  if (board.usage) io.out(`Session: ${usageLine(board.usage)}`);
  for (const lane of lanes) {
    const state = lane.state === 'none' ? lane.stateLabel : `${lane.stateLabel} for ${duration(now - lane.since)}`;
    io.out(`${lane.id.padEnd(8)} ${lane.terminal.padEnd(4)} ${state}${lane.waitingFor ? ` — ${lane.waitingFor}` : ''}`);
    const c = lane.counts;
    io.out(
      `         ${count(c.toolCalls, 'tool call')} · ${count(c.edits, 'edit')} (${count(lane.ownFiles.length, 'file')}) · ${c.blocked} blocked · ${count(c.commits, 'commit')} · handoffs ${c.handoffsIn} in, ${c.handoffsOut} out${lane.started !== undefined ? ` · ${duration(lane.elapsedMs)} since first activity` : ''}`,
    );
    if (lane.task !== '') io.out(`         task: ${lane.task}`);
    if (lane.usage) io.out(`         ${usageLine(lane.usage)}`);
  }
  return 0;
}

/** One-shot: the whole of each transcript the events name, up to CLI_READ_BUDGET bytes in all. */
const CLI_READ_BUDGET = 1024 * 1024 * 1024;

function readUsage(
  root: string,
  events: readonly { domain: string; transcript?: string }[],
  notes: string[],
): (id: string) => UsageSummary | undefined {
  const transcripts = new TranscriptUsage(transcriptFolders(root, process.env, homedir()), (note) => notes.push(note));
  for (const e of events) if (e.transcript !== undefined) transcripts.follow(e.domain, e.transcript);
  transcripts.read(CLI_READ_BUDGET);
  return (id) => transcripts.usageOf(id);
}

function usageLine(u: UsageSummary): string {
  const cost = u.costUsd === null ? `cost unknown (no price for ${u.unpriced.join(', ')})` : `$${u.costUsd.toFixed(2)}`;
  return `${u.total} tokens (${u.tokens.input} in, ${u.tokens.output} out, ${u.tokens.cacheCreation} cache write, ${u.tokens.cacheRead} cache read) · ${cost}${u.partial ? ' · transcripts not read to the end' : ''}`;
}
