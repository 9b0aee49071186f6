import type { Locale } from "./resources";

const tag = (l: Locale) => (l === "sv" ? "sv-SE" : "en-GB");

export const formatDate = (d: Date | string, l: Locale) =>
  new Intl.DateTimeFormat(tag(l), { dateStyle: "long", timeZone: "Europe/Stockholm" }).format(new Date(d));
export const formatDateTime = (d: Date | string, l: Locale) =>
  new Intl.DateTimeFormat(tag(l), { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Stockholm" }).format(new Date(d));
export const formatNumber = (n: number, l: Locale) => new Intl.NumberFormat(tag(l)).format(n);

// Names in this network are Swedish: sort them the Swedish way (Å, Ä, Ö after Z) in both UIs.
const swedish = new Intl.Collator("sv-SE");
export const compareNames = (a: string, b: string) => swedish.compare(a, b);
export const sortByName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => compareNames(a.name, b.name));
