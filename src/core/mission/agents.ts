// Which states each agent CLI lets Territory see. Claude Code runs Territory's event hooks
// (eventHooks.ts): PermissionRequest and Notification say "waiting", Stop says "idle". The other
// CLIs run only Territory's guard (codexHook.ts, geminiHook.ts, copilotHook.ts), which speaks only
// when it blocks; what the board knows of them otherwise is the terminal (its shell command
// running and ending, closing) and files of the domain changing. None of that tells a person's
// question from thinking: past a silence such an agent shows "unknown", never "waiting" or
// "stalled", which would be guesses.
//   Codex CLI 0.169.0   hooks: SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, Stop; no
//                       permission or notification event (https://developers.openai.com/codex/hooks)
//   Gemini CLI 0.61.0   has a Notification hook (ToolPermission), which Territory does not install
//                       yet (https://geminicli.com/docs/hooks/reference)
//   Copilot CLI 1.0.102 hooks: sessionStart, sessionEnd, userPromptSubmitted, preToolUse,
//                       postToolUse, errorOccurred; no permission or notification event
//                       (https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference)

export type AgentKind = 'claude' | 'codex' | 'gemini' | 'copilot' | 'other';

export interface AgentSignals {
  /** Whether Territory hears the agent ask a person (waiting) and end its turn (idle). */
  readonly asks: boolean;
  /** What Territory hears from it, for the board's tooltip. */
  readonly source: string;
}

export const AGENT_SIGNALS: Readonly<Record<AgentKind, AgentSignals>> = {
  claude: { asks: true, source: "Claude Code's hooks: PermissionRequest, Notification, tool calls, Stop" },
  codex: { asks: false, source: "Codex CLI: its terminal, its files and the guard's blocks (its hooks have no permission event)" },
  gemini: { asks: false, source: "Gemini CLI: its terminal, its files and the guard's blocks (Territory does not install its Notification hook)" },
  copilot: { asks: false, source: "Copilot CLI: its terminal, its files and the guard's blocks (its hooks have no permission event)" },
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
