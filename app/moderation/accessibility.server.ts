import type { DomainCtx } from "../lib/ctx.server";
import { formError, type FieldErrors } from "../lib/forms.server";
import { once } from "../lib/idempotency.server";
import { blockedFor, hit, limiter, type Limit } from "../lib/rate-limit.server";
import { canHandleAccessibilityReports } from "../policy";
import type { AccessibilityReportInput } from "./accessibility-schema";
import { insertAccessibilityReport, markAccessibilityReportHandled, openAccessibilityReports } from "./accessibility.repo.server";

/** Reports per client address (and per signed-in person) and hour: enough for a real user, not for a script. */
export const REPORT_LIMIT: Limit = { points: 5, durationSeconds: 3600 };

export type AccessibilityReport = {
  id: string; description: string; page: string; locale: "sv" | "en"; createdAt: Date;
  /** Who to answer: the signed-in reporter, or what a signed-out one left (possibly nothing). */
  name: string; email: string; signedIn: boolean;
};

/**
 * Anyone, signed in or not: reports an accessibility problem; it becomes an open item for the
 * network moderators. A resent form creates nothing twice; more than REPORT_LIMIT reports an hour
 * from one address (or one person) are refused with a message saying how long to wait.
 */
export async function reportAccessibilityProblem(
  ctx: DomainCtx,
  input: AccessibilityReportInput,
  opts: { ip: string | null; locale: "sv" | "en"; submission: string | null },
): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const byIp = limiter(ctx.db, "a11y_report_ip", REPORT_LIMIT);
  const byPerson = limiter(ctx.db, "a11y_report_user", REPORT_LIMIT);
  const ipKey = opts.ip ?? "unknown";
  const wait = Math.max(await blockedFor(byIp, ipKey), ctx.viewer ? await blockedFor(byPerson, ctx.viewer.id) : 0);
  if (wait) return { ok: false, errors: formError("_form", "ux:report.errors.rateLimited", { minutes: Math.ceil(wait / 60_000) }) };
  // A signed-in reporter is answered through their account; what they typed in the optional
  // contact fields is not kept twice.
  const contact = ctx.viewer ? { name: "", email: "" } : { name: input.name, email: input.email };
  const guard = { actor: ctx.viewer?.id ?? null, form: "a11y_report", token: opts.submission, payload: input };
  const result = await ctx.db.transaction().execute((trx) => once(trx, guard, async () => {
    const id = await insertAccessibilityReport(trx, { reporterId: ctx.viewer?.id ?? null, ...contact, page: input.page, description: input.description, locale: opts.locale });
    return { ok: true as const, id };
  }));
  await hit(byIp, ipKey);
  if (ctx.viewer) await hit(byPerson, ctx.viewer.id);
  return result;
}

/** Network moderators: the open accessibility reports, oldest first; null for anyone else. */
export async function accessibilityReports(ctx: DomainCtx): Promise<AccessibilityReport[] | null> {
  if (!canHandleAccessibilityReports(ctx.viewer)) return null;
  const rows = await openAccessibilityReports(ctx.db);
  return rows.map((r) => ({
    id: r.id, description: r.description, page: r.page, locale: r.locale, createdAt: r.created_at,
    name: r.reporter_name ?? r.name, email: r.reporter_email ?? r.email, signedIn: r.reporter_name !== null,
  }));
}

/** Network moderators: marks an open report handled; false when it is not theirs to handle or not open. */
export async function handleAccessibilityReport(ctx: DomainCtx, id: string): Promise<boolean> {
  if (!canHandleAccessibilityReports(ctx.viewer) || !/^\d{1,18}$/.test(id)) return false;
  return markAccessibilityReportHandled(ctx.db, id, ctx.viewer!.id, ctx.now);
}
