// The `sandbox` section of a domain's Claude Code settings: Claude Code's own OS sandbox
// (bubblewrap on Linux, Seatbelt on macOS) runs every Bash command and its subprocesses with the
// domain's write limits, which the PreToolUse hook cannot see (a `python3 -c "open(...)"` writes
// without any file tool). The keys, as Claude Code 2.1.332's settings schema names them
// (https://code.claude.com/docs/en/settings#sandbox-settings, and its sandbox schema in
// @anthropic-ai/claude-agent-sdk): `sandbox.enabled`; `sandbox.failIfUnavailable` ("exit with an
// error at startup if sandbox.enabled is true but the sandbox cannot start"; when false a warning
// is shown and commands run unsandboxed: a gate that opens silently); `sandbox.allowUnsandboxedCommands`
// (default true lets the agent retry a refused command with `dangerouslyDisableSandbox`; false
// ignores that parameter); `sandbox.filesystem.denyWrite` and `allowWrite` (absolute paths).
//
// Checked with the real CLI (test/unit/agents/claudeCode.test.ts): denyWrite takes literal paths
// only: a glob there (`/repo/*.md`) confines nothing, so globs are written as the files they match
// today; a denied folder covers files created in it later; a denied path that does not exist
// cannot be created (it shows inside the sandbox as an unreadable placeholder, which `git status`
// there lists as untracked). Files tools (Write, Edit…) are not sandboxed: the hook judges them, and
// no Edit deny rule is written, because such a rule refuses before the hook with a generic
// message and no owner (DESIGN.md §8).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { globsOf, offLimitsEntries, type OffLimitsInputs } from '../ownership/offLimitsGlobs';
import { isLiteralSegment } from '../ownership/pattern';
import { CONTROL_PATTERNS } from './controlFiles';

/** Where the export keeps its per-clone files, and git's places a sandboxed Bash touches (src/git/agentGuardPlaces.ts). */
export interface GuardPlaces {
  /** The record of Territory-owned entries in each settings file. */
  readonly manifest: string;
  /** The hook's script, in git's directory (no checkout writes there). */
  readonly guardScript: string;
  /** Git's directories, when they lie outside the folder: `git commit` in the sandbox writes there. */
  readonly gitWritable: readonly string[];
  /** Git's places that decide what git runs (hooks, config, info) and Territory's own records there. */
  readonly gitControl: readonly string[];
}

export const SANDBOX_PATH = ['sandbox'];
export const DENY_WRITE_PATH = ['sandbox', 'filesystem', 'denyWrite'];
export const ALLOW_WRITE_PATH = ['sandbox', 'filesystem', 'allowWrite'];

/** The fixed values of the sandbox section (the path lists are merged apart, keeping the user's entries). */
export const SANDBOX_SWITCHES: readonly { readonly path: string[]; readonly value: boolean }[] = [
  { path: ['sandbox', 'enabled'], value: true },
  { path: ['sandbox', 'failIfUnavailable'], value: true },
  { path: ['sandbox', 'allowUnsandboxedCommands'], value: false },
];

/** The control files as folder-relative paths (`.claude/settings*.json` as the two files Claude Code reads; git's own places come from git). */
function controlPaths(): string[] {
  const paths: string[] = [];
  for (const { pattern, kind } of CONTROL_PATTERNS) {
    if (kind === 'git') continue;
    if (kind === 'agent-settings') paths.push('.claude/settings.json', '.claude/settings.local.json');
    else paths.push(pattern.replace(/\/+$/, ''));
  }
  return paths;
}

export interface SandboxLimits {
  /** Absolute paths the domain's Bash may not write. */
  readonly denyWrite: string[];
  /** Absolute paths outside the folder it must write (a linked worktree's git directories). */
  readonly allowWrite: string[];
  /** Off-limits patterns the sandbox holds only as today's files (new files matching them are the hook's alone). */
  readonly globs: string[];
}

/** The write limits of `domainId`'s sandbox in the folder `root`: other domains' paths, the lead's files, git's control places. */
export function sandboxLimits(
  inputs: OffLimitsInputs,
  domainId: string,
  root: string,
  places: Pick<GuardPlaces, 'gitWritable' | 'gitControl'>,
): SandboxLimits {
  const absolute = (relative: string) => path.join(root, ...relative.split('/'));
  const deny = new Set<string>();
  const globs = new Set<string>();
  const listed = new Set(inputs.files);
  for (const entry of offLimitsEntries(inputs, domainId).entries) {
    if (entry.kind === 'path') {
      deny.add(absolute(entry.path));
      continue;
    }
    const { pattern } = entry;
    const body = pattern.segments.join('/');
    if (pattern.anchored && pattern.segments.every(isLiteralSegment)) {
      // A folder pattern where the listing has a file of that name matches nothing today; denying the path would deny that file.
      if (!(pattern.dirOnly && listed.has(body))) deny.add(absolute(body));
      continue;
    }
    globs.add(body);
    const matchers = globsOf(pattern);
    for (const file of inputs.files)
      if (matchers.some((glob) => minimatch(file, glob, { dot: true }))) deny.add(absolute(file));
  }
  // The control files that exist: a denied path that does not exist shows inside the sandbox as a
  // placeholder git cannot read (`warning: unable to access '.gitattributes'` on every git command).
  // Creating one is left to the hook (file tools) and the commit hooks (no domain commits one).
  for (const control of controlPaths()) if (existsSync(absolute(control))) deny.add(absolute(control));
  for (const place of places.gitControl) deny.add(place);
  const inside = (p: string) => {
    const rel = path.relative(root, p);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  return { denyWrite: [...deny].sort(), allowWrite: places.gitWritable.filter((p) => !inside(p)), globs: [...globs] };
}
