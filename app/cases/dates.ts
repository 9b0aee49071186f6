// Calendar dates ("YYYY-MM-DD"). pg hands `date` columns back as a Date at local midnight, so
// read its local fields; "today" is the calendar day in Stockholm.
export function toIsoDate(d: Date | string | null | undefined): string | null {
  if (d == null) return null;
  if (typeof d === "string") return d.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function todayIn(now: Date): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** True for a real calendar date in ISO form between 1900 and 2199 (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  if (!/^(19|20|21)\d{2}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
