// Every command the manifest contributes must be registered in the sources, and every registered
// command must be contributed: a mismatch is a button that does nothing or a command nobody can find.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const contributed = new Set(pkg.contributes.commands.map((c) => c.command));

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}
const text = sources('src').map((f) => readFileSync(f, 'utf8')).join('\n');
const constants = new Map([...text.matchAll(/(\w+):\s*'(territory\.[\w.]+)'/g)].map((m) => [m[1], m[2]]));
const registered = new Set();
for (const m of text.matchAll(/registerCommand\(\s*(?:'(territory\.[\w.]+)'|Command\.(\w+))/g)) {
  registered.add(m[1] ?? constants.get(m[2]));
}
const problems = [];
for (const c of contributed) if (!registered.has(c)) problems.push(`contributed but never registered: ${c}`);
for (const c of registered) if (c && !contributed.has(c)) problems.push(`registered but not in package.json: ${c}`);
for (const c of pkg.contributes.commands) if (c.category !== 'Territory') problems.push(`command without category "Territory": ${c.command}`);
const menuCommands = Object.values(pkg.contributes.menus ?? {}).flat().map((m) => m.command);
for (const c of menuCommands) if (!contributed.has(c)) problems.push(`menu refers to unknown command: ${c}`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`manifest: ${contributed.size} commands, all registered`);
