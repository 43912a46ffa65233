import { Minimatch } from 'minimatch';
import type { DomainMap } from '../../src/core/types';
import { compilePattern, toOwningGlob } from '../../src/core/ownership/pattern';
import { splitPath } from '../../src/core/ownership/resolver';

/**
 * The obvious implementation: one compiled minimatch object per pattern, all tried in order for
 * every path. It is the baseline of the benchmark and the oracle of the resolver's property tests.
 * It answers with the owner's id, `unassigned`, `contested` or `outside`.
 */
export class NaiveResolver {
  private readonly entries: { domainId: string; specificity: number; matcher: Minimatch }[] = [];
  private readonly handoff: RegExp;

  constructor(map: DomainMap) {
    for (const domain of map.domains) {
      for (const raw of domain.paths) {
        for (const pattern of compilePattern(raw)) {
          this.entries.push({
            domainId: domain.id,
            specificity: pattern.specificity,
            matcher: new Minimatch(toOwningGlob(pattern), { dot: true }),
          });
        }
      }
    }
    const ids = map.domains.map((d) => d.id).join('|');
    const [before, after] = map.handoffFile.split('{domain}');
    this.handoff = new RegExp(`^${escape(before ?? '')}(${ids})${escape(after ?? '')}$`, 'i');
  }

  owner(relativePath: string): string {
    const segments = splitPath(relativePath);
    if (segments === undefined) return 'outside';
    const path = segments.join('/');
    const handoff = this.handoff.exec(path);
    if (handoff) return handoff[1].toUpperCase();
    let bestScore = -1;
    let owners = new Set<string>();
    for (const entry of this.entries) {
      if (!entry.matcher.match(path)) continue;
      if (entry.specificity > bestScore) {
        bestScore = entry.specificity;
        owners = new Set([entry.domainId]);
      } else if (entry.specificity === bestScore) {
        owners.add(entry.domainId);
      }
    }
    if (owners.size === 0) return 'unassigned';
    return owners.size === 1 ? [...owners][0] : 'contested';
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
