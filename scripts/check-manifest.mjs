// Every command the manifest contributes must be registered in the sources, and every registered
// command must be contributed: a mismatch is a button that does nothing or a command nobody can find.
// The same for the other identifiers (src/features/base/ids.ts): views against contributes.views,
// context keys against the `when` clauses, and no table id written as a string anywhere in src, in
// any quoting (', ", `, or `command:territory.x` inside a text).
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
// One table names every command (src/features/base/commandIds.ts): it must be exactly the manifest's list.
const TABLE = join('src', 'features', 'base', 'commandIds.ts');
const tableText = readFileSync(TABLE, 'utf8');
const tableBlock = /export const CommandId = \{([^}]*)\}/.exec(tableText);
if (!tableBlock) problems.push(`${TABLE}: no CommandId table`);
const table = new Map(
  [...(tableBlock?.[1] ?? '').matchAll(/(\w+):\s*'(territory\.[\w.]+)'/g)].map((m) => [m[1], m[2]]),
);
const tableIds = new Set(table.values());
for (const c of contributed) if (!tableIds.has(c)) problems.push(`contributed but not in the CommandId table: ${c}`);
for (const c of tableIds)
  if (!contributed.has(c)) problems.push(`in the CommandId table but not in package.json: ${c}`);
// Registrations go through registerCommand('name', …) with a table name, each exactly once.
const registrations = new Map();
for (const { file, text: source } of files) {
  for (const m of source.matchAll(/\bregisterCommand\('(\w+)'/g)) {
    if (!table.has(m[1])) problems.push(`${file}: registers ${m[1]}, which is not in the CommandId table`);
    registrations.set(m[1], (registrations.get(m[1]) ?? 0) + 1);
  }
  // The dormant loader proxies every contributed command; everything else registers through the table.
  if (file !== TABLE && !file.endsWith('loader.ts') && /vscode\.commands\.registerCommand\(/.test(source))
    problems.push(`${file}: registers a command without the CommandId table`);
}
// The other tables: views, context keys, workspaceState keys, other ids (one file).
const IDS = join('src', 'features', 'base', 'ids.ts');
const idsText = readFileSync(IDS, 'utf8');
const tableOf = (source, name) => {
  const block = new RegExp(`export const ${name} = \\{([^}]*)\\}`).exec(source);
  if (!block) problems.push(`${IDS}: no ${name} table`);
  return new Map([...(block?.[1] ?? '').matchAll(/(\w+):\s*'([^']+)'/g)].map((m) => [m[1], m[2]]));
};
const idTables = {
  CommandId: table,
  ViewId: tableOf(idsText, 'ViewId'),
  ContextKey: tableOf(idsText, 'ContextKey'),
  StateKey: tableOf(idsText, 'StateKey'),
  UiId: tableOf(idsText, 'UiId'),
};
const tableOfId = new Map();
for (const [name, entries] of Object.entries(idTables))
  for (const id of entries.values()) tableOfId.set(id, [...(tableOfId.get(id) ?? []), name]);
// Names a user reads in messages and comments: the settings (core/settings.ts) and the map's files.
const settingsText = readFileSync(join('src', 'core', 'settings.ts'), 'utf8');
const settingNames = new Set(
  [...(/export const Setting = \{([^}]*)\}/.exec(settingsText)?.[1] ?? '').matchAll(/:\s*'(\w+)'/g)].map(
    (m) => `territory.${m[1]}`,
  ),
);
const fileNames = new Set(['territory.json', 'territory.svg', 'territory.schema.json']);
/** The source without its comments (a comment may name an id; code must go through a table). */
const code = (source) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
const isFeatureCode = (file) =>
  file.startsWith(join('src', 'features')) || /^src[\\/](extension|loader|api)\.ts$/.test(file);
for (const { file, text: source } of files) {
  if (file === TABLE || file === IDS) continue;
  const body = code(source);
  // A table id anywhere in the code (no variable of Territory's is spelt like one): in a string of any
  // quoting, a template, or a `command:` link inside a message.
  for (const m of body.matchAll(/(?<![\w.$-])territory\.[\w]+(?:[.#][\w]+)*/g)) {
    const found = [m[0], ...[...m[0].matchAll(/[.#]/g)].map((d) => m[0].slice(0, d.index))].find((id) =>
      tableOfId.has(id),
    );
    if (found) problems.push(`${file}: names ${found} as a string; use ${tableOfId.get(found).join(' or ')}`);
  }
  // An id that opens a string or a command link must be in a table, name a setting or one of the map's files.
  if (isFeatureCode(file)) {
    for (const m of body.matchAll(/(?:['"`]|command:)(territory\.[\w]+(?:[.#][\w]+)*)/g)) {
      if (!tableOfId.has(m[1]) && !settingNames.has(m[1]) && !fileNames.has(m[1]))
        problems.push(`${file}: ${m[1]} is in no table (src/features/base/ids.ts, commandIds.ts) and names no setting`);
    }
  }
  if (file !== IDS && /executeCommand\(\s*'setContext'/.test(body))
    problems.push(`${file}: sets a context key without the ContextKey table (use setContext from ids.ts)`);
}
// Views: the table is exactly package.json's contributes.views.
const views = new Set(
  Object.values(pkg.contributes.views ?? {})
    .flat()
    .map((v) => v.id),
);
const viewIds = new Set(idTables.ViewId.values());
for (const v of views) if (!viewIds.has(v)) problems.push(`view contributed but not in the ViewId table: ${v}`);
for (const v of viewIds)
  if (!views.has(v)) problems.push(`in the ViewId table but not in package.json contributes.views: ${v}`);
// Context keys: every territory.* key a when clause (or a walkthrough event) reads is in the table and
// set in the sources; every key of the table is set and read.
const contextIds = new Set(idTables.ContextKey.values());
const setKeys = new Set(
  [...text.matchAll(/\bsetContext\(\s*'(\w+)'/g)].map((m) => idTables.ContextKey.get(m[1])).filter(Boolean),
);
const whenClauses = [];
(function collect(node, key) {
  if (typeof node === 'string') {
    if (key === 'when' || key === 'enablement') whenClauses.push(node);
    if (key === 'completionEvents' && node.startsWith('onContext:')) whenClauses.push(node.slice('onContext:'.length));
  } else if (Array.isArray(node)) node.forEach((n) => collect(n, key));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) collect(v, k);
})(pkg.contributes);
const readKeys = new Set();
for (const clause of whenClauses) {
  for (const m of clause.matchAll(/(?<![\w.])territory\.[\w]+/g)) {
    if (viewIds.has(m[0])) continue;
    readKeys.add(m[0]);
    if (!contextIds.has(m[0]))
      problems.push(`package.json reads context key ${m[0]} ("${clause}"), which is not in the ContextKey table`);
    else if (!setKeys.has(m[0])) problems.push(`package.json reads context key ${m[0]}, which the sources never set`);
  }
}
for (const [name, id] of idTables.ContextKey) {
  if (!setKeys.has(id)) problems.push(`ContextKey.${name} (${id}) is never set (setContext('${name}', …))`);
  if (!readKeys.has(id)) problems.push(`ContextKey.${name} (${id}) is read by no when clause or walkthrough event`);
}
// Every other table entry is used somewhere.
for (const name of ['StateKey', 'UiId', 'ViewId']) {
  for (const key of idTables[name].keys())
    if (!new RegExp(`\\b${name}\\.${key}\\b`).test(text)) problems.push(`${name}.${key} is used nowhere`);
}
for (const [name, id] of table) {
  const count = registrations.get(name) ?? 0;
  if (count !== 1) problems.push(`${id} is registered ${count} times (once expected)`);
}
for (const c of pkg.contributes.commands)
  if (c.category !== 'Territory') problems.push(`command without category "Territory": ${c.command}`);
const menuCommands = Object.values(pkg.contributes.menus ?? {})
  .flat()
  .map((m) => m.command);
for (const c of menuCommands) if (!contributed.has(c)) problems.push(`menu refers to unknown command: ${c}`);
// The walkthrough: its buttons and completion events name real commands and context keys, its media exist.
const contextKeys = setKeys;
for (const walkthrough of pkg.contributes.walkthroughs ?? []) {
  for (const step of walkthrough.steps) {
    const where = `walkthrough step ${walkthrough.id}/${step.id}`;
    for (const m of step.description.matchAll(/\(command:([\w.]+)/g))
      if (!contributed.has(m[1])) problems.push(`${where}: button runs unknown command ${m[1]}`);
    if ((step.completionEvents ?? []).length === 0)
      problems.push(`${where}: no completionEvents (it would complete when merely selected)`);
    for (const event of step.completionEvents ?? []) {
      const [kind, value] = event.split(/:(.*)/s);
      if (kind === 'onCommand' && !contributed.has(value))
        problems.push(`${where}: completes on unknown command ${value}`);
      else if (kind === 'onContext' && !contextKeys.has(value.split(/\s/)[0]))
        problems.push(`${where}: completes on context key ${value}, which the sources never set`);
      else if (kind !== 'onCommand' && kind !== 'onContext')
        problems.push(`${where}: completion event ${event} is not checked here`);
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
console.log(
  `manifest: ${contributed.size} commands, one table, each registered once; ${viewIds.size} views, ${contextIds.size} context keys; ${(pkg.contributes.walkthroughs ?? []).length} walkthrough(s) checked`,
);
