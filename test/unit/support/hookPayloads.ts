// Claude Code's PreToolUse payloads as the hooks documentation describes them (https://code.claude.com/docs/en/hooks).

/** The documented PreToolUse payload of a tool call. */
export function payload(tool: string, toolInput: Record<string, unknown>, cwd: string): string {
  return JSON.stringify({
    session_id: 'abc123',
    transcript_path: '/home/user/.claude/projects/x/abc123.jsonl',
    cwd,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input: toolInput,
    tool_use_id: 'toolu_01',
  });
}

export const INPUTS: Record<string, (file: string) => Record<string, unknown>> = {
  Edit: (file) => ({ file_path: file, old_string: 'a', new_string: 'b', replace_all: false }),
  Write: (file) => ({ file_path: file, content: 'x = 1\n' }),
  MultiEdit: (file) => ({ file_path: file, edits: [{ old_string: 'a', new_string: 'b' }] }),
  NotebookEdit: (file) => ({ notebook_path: file, new_source: 'print(1)', cell_id: 'c1', edit_mode: 'replace' }),
};
