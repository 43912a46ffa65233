// Which states each agent CLI lets Territory see. Claude Code runs Territory's event hooks
// (eventHooks.ts): PermissionRequest and Notification say "waiting", Stop says "idle". Codex,
// Gemini and Copilot CLI run the event hooks `territory export permissions --agent …` writes beside
// their guard (codexHook.ts, geminiHook.ts, copilotHook.ts; mapped by agentEvents.ts):
//   Codex CLI 0.169.0   UserPromptSubmit/PreToolUse/PostToolUse working, PermissionRequest
//                       waiting (shell, exec and network approvals), Stop idle, SessionEnd exited
//                       (https://developers.openai.com/codex/hooks)
//   Gemini CLI 0.61.0   BeforeAgent/BeforeTool/AfterTool working, Notification (ToolPermission)
//                       waiting, AfterAgent idle, SessionEnd exited (https://geminicli.com/docs/hooks/reference)
//   Copilot CLI 1.0.102 userPromptSubmitted/preToolUse/postToolUse working, notification
//                       (permission_prompt, elicitation_dialog) waiting, agentStop idle, sessionEnd
//                       exited (https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference)
// A lane whose agent reported through those hooks follows the same rules as Claude Code's
// (state.ts: `hooked`). One whose hooks never ran (not exported, not trusted) is known only by its
// terminal, its files and the guard's blocks, none of which tells a person's question from
// thinking: past a silence it shows "unknown", never "waiting" or "stalled", which would be guesses.

export type AgentKind = 'claude' | 'codex' | 'gemini' | 'copilot' | 'other';

export interface AgentSignals {
  /** Whether Territory hears the agent ask a person (waiting) and end its turn (idle) without its hooks having reported yet. */
  readonly asks: boolean;
  /** What Territory hears from it, for the board's tooltip. */
  readonly source: string;
}

export const AGENT_SIGNALS: Readonly<Record<AgentKind, AgentSignals>> = {
  claude: { asks: true, source: "Claude Code's hooks: PermissionRequest, Notification, tool calls, Stop" },
  codex: {
    asks: false,
    source:
      "Codex CLI's hooks once exported and trusted: PermissionRequest, tool calls, Stop; else its terminal, its files and the guard's blocks",
  },
  gemini: {
    asks: false,
    source:
      "Gemini CLI's hooks once exported: Notification (ToolPermission), tool calls, AfterAgent; else its terminal, its files and the guard's blocks",
  },
  copilot: {
    asks: false,
    source:
      "Copilot CLI's hooks once exported: notification (permission), tool calls, agentStop; else its terminal, its files and the guard's blocks",
  },
  other: { asks: false, source: "this agent: its terminal, its files and the guard's blocks" },
};

/** Silence after which an agent that cannot say it waits shows "unknown" rather than "working". */
export const UNKNOWN_AFTER_MS = 30_000;

/** The agent `territory.agentCommand` starts, from its program's name; an empty setting is Claude Code's launch. */
export function agentKindOf(command: string): AgentKind {
  const program = command.trim().split(/\s+/)[0] ?? '';
  const name =
    program
      .replace(/\\/g, '/')
      .split('/')
      .pop()
      ?.toLowerCase()
      .replace(/\.(exe|cmd)$/, '') ?? '';
  if (name === '' || name === 'claude') return 'claude';
  if (name === 'codex' || name === 'gemini' || name === 'copilot') return name;
  return 'other';
}
