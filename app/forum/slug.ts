// URL slugs from Swedish titles: å/ä → a, ö → o, everything else non-alphanumeric → "-".
export function slugify(text: string, max = 80): string {
  const s = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/g, "");
  return s || "trad";
}

/** The thread URL: /t/<id>-<slug>, with an optional #p<n> permalink. */
export const threadPath = (t: { id: string; slug: string }, postNumber?: number) =>
  `/t/${t.id}-${t.slug}${postNumber ? `#p${postNumber}` : ""}`;
