// Working days in Swedish time: Monday–Friday, less the Swedish public holidays (allmänna
// helgdagar: fixed dates, the Easter-based ones, midsummer and All Saints' Day on their
// Saturdays) and the eves that are days off in practice (midsummer, Christmas and New Year's Eve).

const parts = new Intl.DateTimeFormat("en-GB", { weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Stockholm" });

/** The Stockholm calendar date of a moment: weekday and "YYYY-MM-DD". */
function stockholmDay(d: Date): { weekday: string; ymd: string; year: number } {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return { weekday: p.weekday, ymd: `${p.year}-${p.month}-${p.day}`, year: Number(p.year) };
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const plusDays = (ymd: string, n: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher). */
function easter(y: number): string {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  return iso(y, Math.floor((h + l - 7 * m + 114) / 31), ((h + l - 7 * m + 114) % 31) + 1);
}

/** The first date from `ymd` on (inclusive) that falls on a Saturday. */
function saturdayFrom(ymd: string): string {
  const dow = new Date(`${ymd}T00:00:00Z`).getUTCDay();
  return plusDays(ymd, (6 - dow + 7) % 7);
}

const cache = new Map<number, Set<string>>();
/** Swedish public holidays and the eves treated as days off, for one year. */
export function swedishDaysOff(y: number): Set<string> {
  let s = cache.get(y);
  if (!s) {
    const e = easter(y);
    const midsummerDay = saturdayFrom(iso(y, 6, 20));
    s = new Set([
      iso(y, 1, 1), iso(y, 1, 6), plusDays(e, -2), e, plusDays(e, 1), iso(y, 5, 1), plusDays(e, 39), plusDays(e, 49), iso(y, 6, 6),
      plusDays(midsummerDay, -1), midsummerDay, saturdayFrom(iso(y, 10, 31)), iso(y, 12, 24), iso(y, 12, 25), iso(y, 12, 26), iso(y, 12, 31),
    ]);
    cache.set(y, s);
  }
  return s;
}

/** Not a working day in Sweden: a weekend or a day off. */
export const isDayOff = (d: Date) => {
  const { weekday, ymd, year } = stockholmDay(d);
  return weekday === "Sat" || weekday === "Sun" || swedishDaysOff(year).has(ymd);
};
/** Kept for callers that only need the weekend test. */
export const isWeekend = (d: Date) => {
  const { weekday } = stockholmDay(d);
  return weekday === "Sat" || weekday === "Sun";
};

/** The moment `n` working days after `from`: whole days forward, weekends and Swedish days off not counted. */
export function addWorkingDays(from: Date, n: number): Date {
  let d = new Date(from.getTime());
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() + 86_400_000);
    if (!isDayOff(d)) left--;
  }
  return d;
}
