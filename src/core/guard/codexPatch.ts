// Codex CLI edits files with apply_patch: a patch envelope (`*** Begin Patch`, then `*** Add File:
// <path>`, `*** Update File: <path>` with an optional `*** Move to: <path>`, `*** Delete File:
// <path>`, `*** End Patch`) that one call may spread over several files. Its PreToolUse hook gets it
// as `tool_input.command`, under the tool name `apply_patch`, or `Bash` when the model runs it as a
// shell command (`apply_patch <<'EOF' … EOF`, possibly after `cd DIR &&`), which Codex 0.169.0 does
// with the exec_command tool. Paths are relative to the session's directory (or DIR).
import * as path from 'node:path';
import type { WriteChange } from './agentGuard';

/** One file a patch writes, and what it puts there (to tell whether it would make the file the map). */
export interface PatchTarget {
  readonly file: string;
  readonly change: WriteChange;
}

const HEADER = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+)$/;

/**
 * The files a patch command writes, resolved against `cwd`; undefined when the command is no
 * apply_patch (a shell command the hook cannot judge: the OS sandbox confines those).
 */
export function patchTargets(tool: string, command: string, cwd: string): PatchTarget[] | undefined {
  let base = cwd;
  if (tool !== 'apply_patch') {
    const invocation = /^\s*(?:cd\s+(?:'([^']*)'|"([^"]*)"|(\S+))\s*&&\s*)?(?:apply_patch|applypatch)\b/.exec(command);
    if (invocation === null) return undefined;
    const dir = invocation[1] ?? invocation[2] ?? invocation[3];
    if (dir !== undefined) base = path.resolve(cwd, dir);
  }
  const targets: { file: string; added: string[]; add: boolean }[] = [];
  for (const line of command.split(/\r?\n/)) {
    const header = HEADER.exec(line);
    if (header !== null) {
      const [, kind, name] = header;
      targets.push({ file: path.resolve(base, (name ?? '').trim()), added: [], add: kind === 'Add File' });
      continue;
    }
    const current = targets[targets.length - 1];
    if (current !== undefined && line.startsWith('+')) current.added.push(line.slice(1));
  }
  // An apply_patch with no file header writes nothing Codex would apply; judged as a target it cannot read.
  return targets.map((t) => ({
    file: t.file,
    change: t.add
      ? { kind: 'content', content: t.added.join('\n') }
      : { kind: 'edits', edits: [{ oldString: '', newString: t.added.join('\n'), replaceAll: false }] },
  }));
}
