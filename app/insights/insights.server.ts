import type { DomainCtx } from "../lib/ctx.server";
import { formError, type FieldErrors } from "../lib/forms.server";
import { notFound } from "../lib/http.server";
import { loadEnv } from "../lib/env.server";
import { todayIn } from "../cases/dates";
import type { Area } from "../cases/constants";
import { listOrganisations } from "../orgs/orgs.server";
import { canViewInsights, countsNetworkWide, healthOrgIds, MIN_CELL } from "../policy";
import { isDayOff } from "../routing/working-days";
import { adoptionMatrix, areaStatus, evaluatedPerMonth, funnel, mostReused, newPerMonth, pastReview, stalePilots } from "./cases.repo.server";
import { flagFigures, hiddenNow } from "./health.repo.server";
import { questionFigures, unanswered } from "./questions.repo.server";
import type { FilterInput } from "./schemas";
import { monthRange } from "./schemas";
import { askedAfter, gapQueries, topQueries } from "./search-log.repo.server";
import type { Scope } from "./scope";
import { FEW_HITS } from "./constants";

const DAY = 86_400_000;

/** The moment `n` working days before `now` (the inverse of addWorkingDays). */
export function workingDaysBefore(now: Date, n: number): Date {
  let d = new Date(now.getTime());
  let left = n;
  while (left > 0) {
    if (!isDayOff(d)) left--;
    d = new Date(d.getTime() - DAY);
  }
  return d;
}

const median = <T extends { n: number; firstMedianH: number | null; acceptedMedianH: number | null }>(r: T) =>
  r.n < MIN_CELL ? { ...r, firstMedianH: null, acceptedMedianH: null, suppressed: true } : { ...r, suppressed: false };

/**
 * Network admins and moderators, and organisation admins: every figure on /insights for the
 * filters, counted through the read rule (app/policy/insights.ts); anyone else gets 404. Titles
 * only of items the viewer may list; cells under MIN_CELL suppressed where a count could point at
 * a person. An unknown organisation is a field error.
 */
export async function insightsFor(ctx: DomainCtx, f: FilterInput) {
  if (!canViewInsights(ctx.viewer)) notFound();
  let orgId: string | null = null;
  if (f.org) {
    const org = (await listOrganisations(ctx)).find((o) => o.slug === f.org);
    if (!org) return { ok: false as const, errors: formError("org", "insights:errors.org") as FieldErrors };
    orgId = org.id;
  }
  const s: Scope = { viewer: ctx.viewer, from: f.from, to: f.to, orgId, area: (f.area || null) as Area | null, now: ctx.now };
  const pilotSince = new Date(ctx.now);
  pilotSince.setMonth(pilotSince.getMonth() - loadEnv().NUDGE_PILOT_MONTHS);
  const orgIds = healthOrgIds(ctx.viewer);
  const db = ctx.db;
  const [areas, perMonth, evaluated, review, pilots, matrix, reused, stages, q, open, top, gaps, asked, flags, hidden] = await Promise.all([
    areaStatus(db, s), newPerMonth(db, s), evaluatedPerMonth(db, s), pastReview(db, s, todayIn(ctx.now)), stalePilots(db, s, pilotSince),
    adoptionMatrix(db, s), mostReused(db, s), funnel(db, s),
    questionFigures(db, s), unanswered(db, s, workingDaysBefore(ctx.now, 2)),
    topQueries(db, s), gapQueries(db, s, FEW_HITS), askedAfter(db, s),
    flagFigures(db, s, orgIds), hiddenNow(db, s, orgIds),
  ]);
  return {
    ok: true as const,
    networkWide: countsNetworkWide(ctx.viewer),
    months: monthRange(f.from, f.to),
    orgId,
    cases: { areas, perMonth, evaluated, review, pilots },
    reuse: { matrix, reused, stages },
    questions: {
      month: q.month, total: q.total,
      org: q.org.map(median), area: q.area.map(median),
      unanswered: open,
      cross: { total: q.cross.total, org: q.cross.org.map((r) => (r.answers < MIN_CELL ? { ...r, cross: null, suppressed: true } : { ...r, suppressed: false })) },
    },
    search: { top, gaps, asked },
    health: {
      ...flags,
      reasons: flags.reasons.map((r) => (r.opened < MIN_CELL && r.handled < MIN_CELL ? { ...r, opened: null, handled: null, openNow: null, medianH: null, suppressed: true } : { ...r, suppressed: false })),
      hidden,
    },
  };
}

export type Insights = Extract<Awaited<ReturnType<typeof insightsFor>>, { ok: true }>;
