// Plain text from stored, already sanitised HTML, for indexing and snippets.

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

/** Tags removed (block ends become spaces), entities decoded, whitespace collapsed. */
export function htmlToText(html: string | null | undefined, max = 100_000): string {
  if (!html) return "";
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

const EN = new Set(["the", "and", "is", "are", "of", "to", "in", "for", "with", "how", "what", "we", "you", "this", "that"]);
const SV = new Set(["och", "är", "att", "det", "som", "en", "på", "för", "med", "hur", "vad", "vi", "ni", "av", "till", "inte"]);

/** A rough language guess (Swedish unless English function words clearly dominate). */
export function guessLanguage(text: string): "sv" | "en" {
  let en = 0;
  let sv = 0;
  for (const w of text.toLowerCase().split(/[^\p{L}]+/u).slice(0, 400)) {
    if (EN.has(w)) en++;
    if (SV.has(w)) sv++;
  }
  return en > sv * 1.5 && en >= 3 ? "en" : "sv";
}
