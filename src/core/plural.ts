// One way to count things in every message: "1 violation", "2 violations", never "1 violation(s)".

/** The plural of an English noun phrase: its last word takes -s, -es or -ies (`tool call` → `tool calls`, `match` → `matches`, `dependency` → `dependencies`). */
export function pluralOf(noun: string): string {
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** `1 commit`, `2 commits`, `0 commits`; `plural` for the irregular ones (`count(n, 'person', 'people')`). */
export function count(n: number, noun: string, plural = pluralOf(noun)): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
