// Parses what people type in the search box: words, "quoted phrases", -exclusions, OR, and
// filters typed as key:value (tag:, org:, typ:/type:, status:, område:/area:, är:/is:).
// Pure and total: any string gives a result, never an exception.

export const MAX_QUERY_CHARS = 500;
export const MAX_TERMS = 32;

/** `parts`: a one-word item's known compound parts (search/postgres/parts.ts), searched as an alternative. */
export type QueryItem = { words: string[]; phrase: boolean; negated: boolean; parts?: string[]; /** Typed in quotes (not a hyphenated word). */ quoted?: boolean; /** Added from an admin synonym group (search/postgres/synonyms.ts). */ synonym?: boolean };

export type TypedFilters = {
  tag: string[];
  org: string[];
  type: string[];
  status: string[];
  area: string[];
  is: string[];
};

export type ParsedQuery = {
  /** AND of groups; each group is an OR of items. A negated item is a group of its own. */
  groups: QueryItem[][];
  /** Positive words, in order, without duplicates. */
  words: string[];
  filters: TypedFilters;
  /** key:value tokens with an unknown key (searched as words instead). */
  unknownFilters: string[];
  /** The input was longer than MAX_QUERY_CHARS or had more than MAX_TERMS words. */
  truncated: boolean;
  /** Free text without the filter tokens, for display and "did you mean". */
  text: string;
  /** Compound parts (QueryItem.parts) only add to the ranking, not to what matches. */
  partsRankOnly?: boolean;
};

const FILTER_KEYS: Record<string, keyof TypedFilters> = {
  tag: "tag", tagg: "tag", org: "org", organisation: "org", typ: "type", type: "type",
  status: "status", område: "area", omrade: "area", area: "area", is: "is", är: "is", ar: "is",
};

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased words (letters and digits only), NFC so that å/ä/ö compare as typed. */
export function wordsOf(s: string): string[] {
  return (s.normalize("NFC").toLowerCase().match(WORD) ?? []).filter((w) => w.length <= 64);
}

type Token = { kind: "word" | "phrase" | "or"; text: string; negated: boolean };

function tokenize(input: string): { tokens: Token[]; filters: TypedFilters; unknown: string[] } {
  const filters: TypedFilters = { tag: [], org: [], type: [], status: [], area: [], is: [] };
  const unknown: string[] = [];
  const tokens: Token[] = [];
  let i = 0;
  const s = input;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/u.test(ch)) { i++; continue; }
    let negated = false;
    if (ch === "-" && i + 1 < s.length && !/\s/u.test(s[i + 1])) { negated = true; i++; }
    if (s[i] === '"' || s[i] === "“" || s[i] === "”" || s[i] === "„") {
      const end = s.slice(i + 1).search(/["“”„]/u);
      const body = end === -1 ? s.slice(i + 1) : s.slice(i + 1, i + 1 + end);
      i = end === -1 ? s.length : i + 2 + end;
      tokens.push({ kind: "phrase", text: body, negated });
      continue;
    }
    // key:"quoted value" (org:"Gävle kommun", status:"i drift") is one filter token.
    const qf = negated ? null : /^([\p{L}]+):["“„]([^"“”„]*)["”“]?/u.exec(s.slice(i));
    if (qf && FILTER_KEYS[qf[1].toLowerCase()] && qf[2].trim()) {
      filters[FILTER_KEYS[qf[1].toLowerCase()]].push(qf[2].trim().toLowerCase().slice(0, 80));
      i += qf[0].length;
      continue;
    }
    const m = /^\S+/u.exec(s.slice(i));
    const raw = m ? m[0] : s[i];
    i += raw.length;
    const f = /^([\p{L}]+):(.+)$/u.exec(raw);
    if (f && !negated) {
      const key = FILTER_KEYS[f[1].toLowerCase()];
      const value = f[2].replace(/^["']|["']$/g, "").toLowerCase().slice(0, 80);
      if (key && value) { filters[key].push(value); continue; }
      unknown.push(f[1].toLowerCase());
    }
    if (!negated && (raw === "OR" || raw === "ELLER" || raw === "|")) { tokens.push({ kind: "or", text: raw, negated: false }); continue; }
    tokens.push({ kind: "word", text: raw, negated });
  }
  return { tokens, filters, unknown };
}

/** Parses a raw query string. */
export function parseQuery(raw: string | null | undefined): ParsedQuery {
  const input = (raw ?? "").normalize("NFC");
  let truncated = input.length > MAX_QUERY_CHARS;
  const { tokens, filters, unknown } = tokenize(input.slice(0, MAX_QUERY_CHARS));
  const groups: QueryItem[][] = [];
  let pendingOr = false;
  let count = 0;
  const textParts: string[] = [];
  for (const tok of tokens) {
    if (tok.kind === "or") { pendingOr = groups.length > 0; continue; }
    let words = wordsOf(tok.text);
    if (words.length === 0) continue;
    if (count + words.length > MAX_TERMS) { words = words.slice(0, MAX_TERMS - count); truncated = true; }
    if (words.length === 0) break;
    count += words.length;
    // A hyphenated or punctuated token ("AI-stöd") is a phrase of its parts, as in websearch.
    const item: QueryItem = { words, phrase: tok.kind === "phrase" || words.length > 1, negated: tok.negated, ...(tok.kind === "phrase" ? { quoted: true } : {}) };
    textParts.push((tok.negated ? "-" : "") + (tok.kind === "phrase" ? `"${words.join(" ")}"` : words.join("-")));
    const last = groups[groups.length - 1];
    if (pendingOr && !item.negated && last && !last[0].negated) {
      last.push(item);
      textParts.splice(textParts.length - 1, 0, "OR");
    } else groups.push([item]);
    pendingOr = false;
  }
  const words: string[] = [];
  for (const g of groups) for (const it of g) if (!it.negated) for (const w of it.words) if (!words.includes(w)) words.push(w);
  return { groups, words, filters, unknownFilters: [...new Set(unknown)], truncated, text: textParts.join(" ") };
}

/** True when there is at least one positive word to search for. */
export const hasSearchTerms = (q: ParsedQuery) => q.words.length > 0;
