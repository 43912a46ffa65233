export type ShellKind = 'posix' | 'fish' | 'powershell' | 'cmd';

/** The shell family of a terminal's shell executable (`/bin/bash`, `pwsh.exe` …). */
export function shellKindOf(shellPath: string | undefined, platform: string = process.platform): ShellKind {
  const name =
    (shellPath ?? '')
      .replace(/\\/g, '/')
      .split('/')
      .pop()
      ?.toLowerCase()
      .replace(/\.exe$/, '') ?? '';
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  if (name === 'cmd') return 'cmd';
  if (name === 'fish') return 'fish';
  if (name === '') return platform === 'win32' ? 'powershell' : 'posix';
  return 'posix';
}

/** One argument, quoted so the shell passes it through literally. */
export function quoteArg(arg: string, shell: ShellKind): string {
  switch (shell) {
    case 'posix':
      return `'${arg.replace(/'/g, `'\\''`)}'`;
    case 'fish':
      return `'${arg.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'powershell':
      return `'${arg.replace(/'/g, "''")}'`;
    case 'cmd':
      if (/["%!^&|<>\r\n]/.test(arg)) throw new Error(`cannot pass ${JSON.stringify(arg)} safely through cmd.exe`);
      return `"${arg}"`;
  }
}

/** The prompt file's content as one argument, read by the shell at run time. */
function promptExpression(file: string, shell: ShellKind): string {
  switch (shell) {
    case 'posix':
      return `"$(cat ${quoteArg(file, shell)})"`;
    case 'fish':
      return `(cat ${quoteArg(file, shell)} | string collect)`;
    case 'powershell':
      return `(Get-Content -Raw ${quoteArg(file, shell)})`;
    case 'cmd':
      throw new Error('cmd.exe cannot pass a multi-line prompt as an argument: use {promptFile}');
  }
}

/**
 * The setting with `--settings {claudeSettings}` right after its program (the first word, as
 * agentKindOf reads it), so that Claude Code starts with the domain's guard; unchanged when it
 * already names the placeholder or is empty.
 */
export function withClaudeSettings(command: string): string {
  const trimmed = command.trim();
  const program = /^\S+/.exec(trimmed)?.[0];
  if (program === undefined || command.includes('{claudeSettings}')) return command;
  return `${program} --settings {claudeSettings}${trimmed.slice(program.length)}`;
}

/** Values of the named placeholders besides the prompt's: `{domain}`, `{claudeSettings}`. */
export interface AgentPlaceholders {
  /** The domain's id. */
  readonly domain?: string;
  /** Absolute path of the domain's Claude Code settings file (Export Claude Code Permissions writes it). */
  readonly claudeSettings?: string;
}

/**
 * The command line that starts an agent with a domain's prompt. The setting names the program
 * and may place `{promptFile}` (the prompt file's path) or `{prompt}` (its content, read by the
 * shell); without either, the content is appended as the last argument. `{domain}` and
 * `{claudeSettings}` become their quoted values. Nothing is written into the command line but
 * the setting and quoted arguments: a task or domain name cannot inject shell syntax.
 */
export function agentCommandLine(
  setting: string,
  promptFile: string,
  shell: ShellKind,
  placeholders: AgentPlaceholders = {},
): string {
  const command = setting.trim();
  if (command === '') throw new Error('territory.agentCommand is empty');
  if (/[\r\n]/.test(command)) throw new Error('territory.agentCommand must be a single line');
  const hasPlaceholder = command.includes('{promptFile}') || command.includes('{prompt}');
  const filled = command.replace(/\{(promptFile|prompt|domain|claudeSettings)\}/g, (whole, name: string) => {
    if (name === 'promptFile') return quoteArg(promptFile, shell);
    if (name === 'prompt') return promptExpression(promptFile, shell);
    const value = placeholders[name as keyof AgentPlaceholders];
    if (value === undefined) throw new Error(`territory.agentCommand uses ${whole}, which has no value here`);
    return quoteArg(value, shell);
  });
  return hasPlaceholder ? filled : `${filled} ${promptExpression(promptFile, shell)}`;
}
