import type { DomainMap } from '../types';

/**
 * The `territory.json` text of a map (used by "Convert markdown map"). Keys are written in the
 * documented order so that the file reads like the design's example; `handoffs` is always
 * written, even with the default file name, so that users find the setting. Ends with a newline.
 * `parseJsonMap(mapToJsonText(m)).map` deep-equals `m` for any valid map.
 */
export function mapToJsonText(map: DomainMap): string {
  const json = {
    ...(map.project !== undefined ? { project: map.project } : {}),
    ...(map.branch !== undefined ? { branch: map.branch } : {}),
    ...(map.agentsPerTerminal !== undefined ? { agentsPerTerminal: map.agentsPerTerminal } : {}),
    domains: map.domains.map((d) => ({
      id: d.id,
      terminal: d.terminal,
      name: d.name,
      paths: [...d.paths],
      prefixes: [...d.prefixes],
      ...(d.rules.length > 0 ? { rules: [...d.rules] } : {}),
    })),
    handoffs: { file: map.handoffFile },
  };
  return JSON.stringify(json, null, 2) + '\n';
}
