import type { Locale } from "./resources";

const tag = (l: Locale) => (l === "sv" ? "sv-SE" : "en-GB");

// Intl formatters are expensive to build (a thread page formats hundreds of dates): build each
// once per locale and reuse it.
function memo<T>(make: (l: Locale) => T): (l: Locale) => T {
  const cache = new Map<Locale, T>();
  return (l) => {
    let f = cache.get(l);
    if (!f) cache.set(l, (f = make(l)));
    return f;
  };
}
const dateFmt = memo((l) => new Intl.DateTimeFormat(tag(l), { dateStyle: "long", timeZone: "Europe/Stockholm" }));
const dateTimeFmt = memo((l) => new Intl.DateTimeFormat(tag(l), { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Stockholm" }));
const numberFmt = memo((l) => new Intl.NumberFormat(tag(l)));

export const formatDate = (d: Date | string, l: Locale) => dateFmt(l).format(new Date(d));
const shortDateFmt = memo((l) => new Intl.DateTimeFormat(tag(l), { dateStyle: "medium", timeZone: "Europe/Stockholm" }));
/** "17 nov. 2026": for dense lists. */
export const formatShortDate = (d: Date | string, l: Locale) => shortDateFmt(l).format(new Date(d));
// A thread page formats a date per reply; the same instants come back on every view.
const formatted = new Map<string, string>();
export const formatDateTime = (d: Date | string, l: Locale) => {
  const key = `${l}|${typeof d === "string" ? d : d.toISOString()}`;
  let s = formatted.get(key);
  if (s === undefined) {
    if (formatted.size >= 20_000) formatted.clear();
    formatted.set(key, (s = dateTimeFmt(l).format(new Date(d))));
  }
  return s;
};
export const formatNumber = (n: number, l: Locale) => numberFmt(l).format(n);

// Names in this network are Swedish: sort them the Swedish way (Å, Ä, Ö after Z) in both UIs.
const swedish = new Intl.Collator("sv-SE");
export const compareNames = (a: string, b: string) => swedish.compare(a, b);
export const sortByName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => compareNames(a.name, b.name));
