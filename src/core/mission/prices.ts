// What tokens cost, per model family, in US dollars per million tokens. Source: Anthropic's pricing
// page (https://docs.claude.com/en/docs/about-claude/pricing), list prices for the API as published
// in November 2025: cache writes are the 5-minute ones (1.25 × input), cache reads 0.1 × input;
// long-context (over 200k tokens) and batch prices are not applied. A model not listed here (a
// newer one, a stand-in) has tokens but no price: its cost is "unknown", never a guess.

export interface Price {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

const per = (input: number, output: number): Price => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheRead: input * 0.1,
});

/** Checked in order: the first pattern found in the model id prices it. */
const PRICES: readonly (readonly [RegExp, Price])[] = [
  [/claude-opus-4-5/, per(5, 25)],
  [/claude-opus-4(-1|-0|-\d{8}|$|\b)/, per(15, 75)],
  [/claude-3-opus/, per(15, 75)],
  [/claude-sonnet-4-5|claude-sonnet-4(-0|-\d{8}|$|\b)|claude-3-7-sonnet|claude-3-5-sonnet/, per(3, 15)],
  [/claude-haiku-4-5/, per(1, 5)],
  [/claude-3-5-haiku/, per(0.8, 4)],
  [/claude-3-haiku/, per(0.25, 1.25)],
];

/** The price of a model id, or undefined when it is not in the table. */
export function priceOf(model: string): Price | undefined {
  return PRICES.find(([pattern]) => pattern.test(model))?.[1];
}

export interface TokenCounts {
  readonly input: number;
  readonly output: number;
  readonly cacheCreation: number;
  readonly cacheRead: number;
}

export const NO_TOKENS: TokenCounts = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };

export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheCreation: a.cacheCreation + b.cacheCreation,
    cacheRead: a.cacheRead + b.cacheRead,
  };
}

export function totalTokens(t: TokenCounts): number {
  return t.input + t.output + t.cacheCreation + t.cacheRead;
}

/** Dollars for `tokens` of `model`, or undefined when its price is unknown. */
export function costOf(model: string, tokens: TokenCounts): number | undefined {
  const price = priceOf(model);
  if (price === undefined) return undefined;
  return (
    (tokens.input * price.input +
      tokens.output * price.output +
      tokens.cacheCreation * price.cacheWrite +
      tokens.cacheRead * price.cacheRead) /
    1_000_000
  );
}

/** What a domain or the session spent: tokens per model, and the cost when every model with tokens has a price. */
export interface UsageSummary {
  readonly tokens: TokenCounts;
  readonly total: number;
  /** US dollars; null when a model with tokens has no price ("unknown"). */
  readonly costUsd: number | null;
  readonly models: readonly string[];
  readonly unpriced: readonly string[];
  /** Assistant messages counted (each once, however many lines carry it). */
  readonly messages: number;
  /** Whether transcript bytes are still unread (a long backlog is read over several refreshes). */
  readonly partial: boolean;
}

export interface ModelTokens {
  readonly model: string;
  readonly tokens: TokenCounts;
  readonly messages: number;
}

export function summarize(perModel: readonly ModelTokens[], partial: boolean): UsageSummary {
  let tokens = NO_TOKENS;
  let cost = 0;
  let messages = 0;
  const unpriced: string[] = [];
  for (const m of perModel) {
    tokens = addTokens(tokens, m.tokens);
    messages += m.messages;
    const c = costOf(m.model, m.tokens);
    if (c === undefined) {
      if (totalTokens(m.tokens) > 0) unpriced.push(m.model);
    } else cost += c;
  }
  return {
    tokens,
    total: totalTokens(tokens),
    costUsd: unpriced.length > 0 ? null : cost,
    models: perModel.map((m) => m.model),
    unpriced,
    messages,
    partial,
  };
}

/** Several summaries as one (the session's from its domains'). */
export function combine(summaries: readonly UsageSummary[]): UsageSummary {
  const models = [...new Set(summaries.flatMap((s) => s.models))];
  const unpriced = [...new Set(summaries.flatMap((s) => s.unpriced))];
  const tokens = summaries.reduce((t, s) => addTokens(t, s.tokens), NO_TOKENS);
  const known = summaries.every((s) => s.costUsd !== null);
  return {
    tokens,
    total: totalTokens(tokens),
    costUsd: known ? summaries.reduce((n, s) => n + (s.costUsd ?? 0), 0) : null,
    models,
    unpriced,
    messages: summaries.reduce((n, s) => n + s.messages, 0),
    partial: summaries.some((s) => s.partial),
  };
}
