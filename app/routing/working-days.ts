// Working days (Monday–Friday) in Swedish time. Public holidays are not counted as days off: a
// question asked before midsummer is routed a day early, which errs on the side of help.

const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: "Europe/Stockholm" });
export const isWeekend = (d: Date) => {
  const w = weekday.format(d);
  return w === "Sat" || w === "Sun";
};

/** The moment `n` working days after `from`: whole days forward, Saturdays and Sundays not counted. */
export function addWorkingDays(from: Date, n: number): Date {
  let d = new Date(from.getTime());
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() + 86_400_000);
    if (!isWeekend(d)) left--;
  }
  return d;
}
