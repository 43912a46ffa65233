// Every command the manifest contributes must be registered in the sources, and every registered
// command must be contributed: a mismatch is a button that does nothing or a command nobody can find.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const contributed = new Set(pkg.contributes.commands.map((c) => c.command));

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}
const files = sources('src').map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
const text = files.map((f) => f.text).join('\n');
const problems = [];
// One table names every command (src/features/commandIds.ts): it must be exactly the manifest's list.
const TABLE = join('src', 'features', 'commandIds.ts');
const tableText = readFileSync(TABLE, 'utf8');
const tableBlock = /export const CommandId = \{([^}]*)\}/.exec(tableText);
if (!tableBlock) problems.push(`${TABLE}: no CommandId table`);
const table = new Map([...(tableBlock?.[1] ?? '').matchAll(/(\w+):\s*'(territory\.[\w.]+)'/g)].map((m) => [m[1], m[2]]));
const tableIds = new Set(table.values());
for (const c of contributed) if (!tableIds.has(c)) problems.push(`contributed but not in the CommandId table: ${c}`);
for (const c of tableIds) if (!contributed.has(c)) problems.push(`in the CommandId table but not in package.json: ${c}`);
// Registrations go through registerCommand('name', …) with a table name, each exactly once.
const registrations = new Map();
for (const { file, text: source } of files) {
  for (const m of source.matchAll(/\bregisterCommand\('(\w+)'/g)) {
    if (!table.has(m[1])) problems.push(`${file}: registers ${m[1]}, which is not in the CommandId table`);
    registrations.set(m[1], (registrations.get(m[1]) ?? 0) + 1);
  }
  // The dormant loader proxies every contributed command; everything else registers through the table.
  if (file !== TABLE && !file.endsWith('loader.ts') && /vscode\.commands\.registerCommand\(/.test(source)) problems.push(`${file}: registers a command without the CommandId table`);
  if (file !== TABLE) for (const m of source.matchAll(/'(territory\.[\w.]+)'/g)) if (tableIds.has(m[1])) problems.push(`${file}: names command ${m[1]} as a string; use CommandId`);
}
for (const [name, id] of table) {
  const count = registrations.get(name) ?? 0;
  if (count !== 1) problems.push(`${id} is registered ${count} times (once expected)`);
}
for (const c of pkg.contributes.commands) if (c.category !== 'Territory') problems.push(`command without category "Territory": ${c.command}`);
const menuCommands = Object.values(pkg.contributes.menus ?? {})
  .flat()
  .map((m) => m.command);
for (const c of menuCommands) if (!contributed.has(c)) problems.push(`menu refers to unknown command: ${c}`);
// The walkthrough: its buttons and completion events name real commands and context keys, its media exist.
const contextKeys = new Set([...text.matchAll(/'setContext',\s*'(territory\.[\w.]+)'/g)].map((m) => m[1]));
for (const walkthrough of pkg.contributes.walkthroughs ?? []) {
  for (const step of walkthrough.steps) {
    const where = `walkthrough step ${walkthrough.id}/${step.id}`;
    for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) if (!contributed.has(m[1])) problems.push(`${where}: button runs unknown command ${m[1]}`);
    if ((step.completionEvents ?? []).length === 0) problems.push(`${where}: no completionEvents (it would complete when merely selected)`);
    for (const event of step.completionEvents ?? []) {
      const [kind, value] = event.split(/:(.*)/s);
      if (kind === 'onCommand' && !contributed.has(value)) problems.push(`${where}: completes on unknown command ${value}`);
      else if (kind === 'onContext' && !contextKeys.has(value.split(/\s/)[0])) problems.push(`${where}: completes on context key ${value}, which the sources never set`);
      else if (kind !== 'onCommand' && kind !== 'onContext') problems.push(`${where}: completion event ${event} is not checked here`);
    }
    const { image, markdown, svg } = step.media ?? {};
    for (const file of [image, markdown, svg].filter((f) => typeof f === 'string')) {
      if (!existsSync(file)) problems.push(`${where}: media ${file} does not exist`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`manifest: ${contributed.size} commands, one table, each registered once; ${(pkg.contributes.walkthroughs ?? []).length} walkthrough(s) checked`);
