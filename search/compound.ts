// Swedish compound splitting for indexing. Swedish writes compounds as one word
// ("kundtjänstärenden" = kundtjänst + ärenden, "upphandlingsprocessen" = upphandling + s + processen).
// Queries already match the head of a compound through prefix matching on stems ('kundtjänst':*);
// splitting indexed words into known parts also lets the tail match ("ärende" finds
// "kundtjänstärenden"). Parts must be known words: the vocabulary of indexed words plus a small
// base list, so that random substrings never become searchable terms.

export const MIN_COMPOUND = 8;
const MIN_PART = 3;

/** Common parts in Swedish public-sector text, so splitting works before the vocabulary has grown. */
export const BASE_PARTS = [
  "kund", "tjänst", "kundtjänst", "ärende", "ärenden", "process", "processen", "processer", "upphandling",
  "avtal", "avtalet", "system", "systemet", "stöd", "beslut", "beslutet", "handläggning", "handläggare",
  "personal", "lön", "löner", "chef", "chefer", "medarbetare", "rekrytering", "skola", "skolan", "vård",
  "omsorg", "äldre", "barn", "elev", "elever", "data", "information", "säkerhet", "risk", "risker", "analys",
  "modell", "modeller", "språk", "chatt", "bot", "robot", "tjänster", "kommun", "kommunen", "region",
  "regionen", "förvaltning", "förvaltningen", "administration", "dokument", "arkiv", "diarium", "plan",
  "policy", "riktlinje", "riktlinjer", "utbildning", "projekt", "projektet", "verktyg", "verktyget", "fråga",
  "frågor", "svar", "samtal", "telefon", "tid", "kostnad", "kostnader", "budget", "ekonomi", "faktura",
  "fakturor", "inköp", "leverantör", "leverantörer", "krav", "kravställning", "test", "pilot", "införande",
  "ansökan", "ansökningar", "bygg", "lov", "bygglov", "miljö", "plan", "detaljplan", "hälsa", "sjukvård",
  "socialtjänst", "bistånd", "hemtjänst", "ai", "etik", "juridik", "dataskydd", "integritet", "mall", "mallar",
];

/** Candidate parts (lower-cased) to look up for the long words of a text. */
export function compoundCandidates(words: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const w of words) {
    if (w.length < MIN_COMPOUND) continue;
    for (let i = MIN_PART; i <= w.length - MIN_PART; i++) {
      const left = w.slice(0, i);
      out.add(left);
      if (left.endsWith("s") && left.length > MIN_PART) out.add(left.slice(0, -1));
      out.add(w.slice(i));
    }
  }
  return [...out];
}

/**
 * Splits each long word into two known parts (with an optional linking s) when it can; returns
 * the parts to index in addition to the words themselves. The longest known head wins.
 */
export function decompound(words: Iterable<string>, known: ReadonlySet<string>): string[] {
  const isKnown = (p: string) => p.length >= MIN_PART && (known.has(p) || BASE_SET.has(p));
  // The tail carries the inflection ("-anteckningarna"): accept it when a less inflected form is known.
  const knownTail = (p: string) => {
    if (isKnown(p)) return p;
    for (const suf of TAIL_SUFFIXES) if (p.endsWith(suf) && isKnown(p.slice(0, -suf.length))) return p.slice(0, -suf.length);
    return null;
  };
  const parts = new Set<string>();
  for (const w of words) {
    if (w.length < MIN_COMPOUND) continue;
    for (let i = w.length - MIN_PART; i >= MIN_PART; i--) {
      const left = w.slice(0, i);
      const right = knownTail(w.slice(i));
      if (!right) continue;
      const head = isKnown(left) ? left : left.endsWith("s") && isKnown(left.slice(0, -1)) ? left.slice(0, -1) : null;
      if (!head) continue;
      parts.add(head);
      parts.add(right);
      break;
    }
  }
  return [...parts];
}

const BASE_SET = new Set(BASE_PARTS);
const TAIL_SUFFIXES = ["na", "en", "et", "n", "a", "ar", "er", "or", "s"];
