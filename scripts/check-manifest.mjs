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
const problems0 = [];
const text = sources('src').map((f) => readFileSync(f, 'utf8')).join('\n');
// Command ids live in `const X = { key: 'territory.id', ... }` objects; registrations name `X.key`.
const constants = new Map();
const plain = new Map([...text.matchAll(/const (\w+) = '(territory\.[\w.]+)'/g)].map((m) => [m[1], m[2]]));
for (const block of text.matchAll(/const (\w+) = \{([^}]*)\}/g)) {
  for (const entry of block[2].matchAll(/(\w+):\s*(?:'(territory\.[\w.]+)'|([A-Z_]+\b))/g)) {
    const id = entry[2] ?? plain.get(entry[3]);
    if (id) constants.set(`${block[1]}.${entry[1]}`, id);
  }
}
const registered = new Set();
for (const m of text.matchAll(/registerCommand\(\s*(?:'(territory\.[\w.]+)'|(\w+\.\w+))/g)) {
  const id = m[1] ?? constants.get(m[2]);
  if (!id) problems0.push(`cannot tell which command is registered by ${m[0]}`);
  registered.add(id);
}
const problems = [...problems0];
for (const c of contributed) if (!registered.has(c)) problems.push(`contributed but never registered: ${c}`);
for (const c of registered) if (c && !contributed.has(c)) problems.push(`registered but not in package.json: ${c}`);
for (const c of pkg.contributes.commands) if (c.category !== 'Territory') problems.push(`command without category "Territory": ${c.command}`);
const menuCommands = Object.values(pkg.contributes.menus ?? {}).flat().map((m) => m.command);
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
console.log(`manifest: ${contributed.size} commands, all registered; ${(pkg.contributes.walkthroughs ?? []).length} walkthrough(s) checked`);
