export type ShellKind = 'posix' | 'fish' | 'powershell' | 'cmd';

/** The shell family of a terminal's shell executable (`/bin/bash`, `pwsh.exe` …). */
export function shellKindOf(shellPath: string | undefined, platform: string = process.platform): ShellKind {
  const name = (shellPath ?? '').replace(/\\/g, '/').split('/').pop()?.toLowerCase().replace(/\.exe$/, '') ?? '';
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
 * The command line that starts an agent with a domain's prompt. The setting names the program
 * and may place `{promptFile}` (the prompt file's path) or `{prompt}` (its content, read by the
 * shell); without either, the content is appended as the last argument. Only the file's path is
 * ever written into the command line, quoted for the shell: a task or domain name cannot inject
 * shell syntax, because neither appears in it.
 */
export function agentCommandLine(setting: string, promptFile: string, shell: ShellKind): string {
  const command = setting.trim();
  if (command === '') throw new Error('territory.agentCommand is empty');
  if (/[\r\n]/.test(command)) throw new Error('territory.agentCommand must be a single line');
  const hasPlaceholder = command.includes('{promptFile}') || command.includes('{prompt}');
  const filled = command
    .replace(/\{promptFile\}/g, () => quoteArg(promptFile, shell))
    .replace(/\{prompt\}/g, () => promptExpression(promptFile, shell));
  return hasPlaceholder ? filled : `${filled} ${promptExpression(promptFile, shell)}`;
}
