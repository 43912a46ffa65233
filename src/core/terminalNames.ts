import type { Domain } from './types';

/** The environment variable that binds a terminal to a domain. */
export const DOMAIN_ENV = 'TERRITORY_DOMAIN';

/** The name Territory gives a domain terminal: `T1 · CORE`. */
export function domainTerminalName(domain: Domain): string {
  return `${domain.terminal} · ${domain.id}`;
}

/**
 * The domain a terminal works for: its TERRITORY_DOMAIN variable first, else a word of its name
 * that is a domain id (`core agent`, `CORE`) or a terminal label (`T1`, `T1 · CORE`). A name that
 * names two different domains decides nothing.
 */
export function domainOfTerminal(
  name: string,
  env: Readonly<Record<string, string | null | undefined>> | undefined,
  domains: readonly Domain[],
): Domain | undefined {
  const fromEnv = env?.[DOMAIN_ENV];
  if (typeof fromEnv === 'string' && fromEnv.trim() !== '') {
    const id = fromEnv.trim().toUpperCase();
    return domains.find((d) => d.id.toUpperCase() === id);
  }
  const words = name
    .toUpperCase()
    .split(/[^A-Z0-9_]+/)
    .filter((w) => w !== '');
  const found = new Set<Domain>();
  for (const domain of domains) {
    if (words.includes(domain.id.toUpperCase()) || words.includes(domain.terminal.toUpperCase())) found.add(domain);
  }
  return found.size === 1 ? [...found][0] : undefined;
}
