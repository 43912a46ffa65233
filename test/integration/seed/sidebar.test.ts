// The sidebar at VS Code's default 300 px: each view's title bar shows at most three actions (the
// rest in "..."), Plan Session is one click away in the Domains view, and no two meanings share an icon.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../protocol';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; icon?: string }[];
    menus: { 'view/title': { command: string; when: string; group?: string }[] };
  };
}

const manifest = () => vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;

/** The title bar's visible actions of a view: its "navigation" entries, one per slot (a toggle's two states share theirs). */
function titleActions(view: string): Map<string, string[]> {
  const slots = new Map<string, string[]>();
  for (const entry of manifest().contributes.menus['view/title']) {
    if (!new RegExp(`(^|\\s)view == ${view.replace(/\./g, '\\.')}(\\s|$)`).test(entry.when)) continue;
    if (!entry.group?.startsWith('navigation')) continue;
    slots.set(entry.group, [...(slots.get(entry.group) ?? []), entry.command]);
  }
  return slots;
}

suite('sidebar at 300 px', () => {
  test('each view shows two or three title actions; the rest are in "..."', () => {
    for (const view of ['territory.domains', 'territory.handoffs', 'territory.commits']) {
      const slots = titleActions(view);
      assert.ok(
        slots.size >= 2 && slots.size <= 3,
        `${view}: ${slots.size} title actions (${JSON.stringify([...slots.values()])})`,
      );
      const overflow = manifest().contributes.menus['view/title'].filter(
        (e) => e.when.includes(`view == ${view}`) && !e.group?.startsWith('navigation'),
      );
      assert.ok(
        overflow.every((e) => /^\d+_\w+@\d+$/.test(e.group ?? '')),
        `${view}: the overflow is ordered by numbered groups`,
      );
    }
  });

  test('Plan Session is a title action of the Domains view; Generate Prompts heads its "..." menu', () => {
    const domains = [...titleActions('territory.domains').values()].flat();
    assert.ok(domains.includes('territory.planSession'), `Domains title actions: ${domains.join(', ')}`);
    const overflow = manifest()
      .contributes.menus['view/title'].filter(
        (e) => e.when === 'view == territory.domains' && !e.group?.startsWith('navigation'),
      )
      .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'en', { numeric: true }));
    assert.ok(
      overflow.slice(0, 4).some((e) => e.command === 'territory.generatePrompts'),
      `first in "...": ${overflow
        .slice(0, 4)
        .map((e) => e.command)
        .join(', ')}`,
    );
  });

  test('one icon per meaning: no codicon names two different actions (refresh and open excepted: one meaning each)', () => {
    const sameMeaning = [
      ['territory.refresh', 'territory.refreshHandoffs', 'territory.refreshCommits'],
      ['territory.openMap', 'territory.openHandoffFile', 'territory.openFinishLocation'],
      ['territory.selectDomain', 'territory.makeDomainActive'],
      ['territory.launchDomainTerminals', 'territory.openDomainTerminal'],
    ];
    const meaningOf = (command: string) => sameMeaning.find((group) => group.includes(command))?.[0] ?? command;
    const byIcon = new Map<string, Set<string>>();
    for (const c of manifest().contributes.commands)
      if (c.icon) byIcon.set(c.icon, (byIcon.get(c.icon) ?? new Set()).add(meaningOf(c.command)));
    const shared = [...byIcon]
      .filter(([, meanings]) => meanings.size > 1)
      .map(([icon, meanings]) => `${icon}: ${[...meanings].join(', ')}`);
    assert.deepEqual(shared, []);
  });
});
