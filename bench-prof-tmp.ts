import { benchDatabase } from "./bench/lib";
import * as C from "./app/insights/cases.repo.server";
import * as Qr from "./app/insights/questions.repo.server";
import * as H from "./app/insights/health.repo.server";
import * as S from "./app/insights/search-log.repo.server";
const { db, stop } = await benchDatabase();
const u = await db.selectFrom("users").selectAll().where("network_role", "=", "admin").executeTakeFirstOrThrow();
const viewer = { id: u.id, email: u.email, handle: u.handle, name: u.name, locale: null, primaryOrgId: u.primary_org_id, networkRole: u.network_role, memberships: [{ orgId: u.primary_org_id!, role: "member" as const }] };
const s = { viewer, from: "2025-12", to: "2026-12", orgId: null, area: null, now: new Date() };
const fns: [string, () => Promise<unknown>][] = [
  ["areaStatus", () => C.areaStatus(db, s)], ["newPerMonth", () => C.newPerMonth(db, s)], ["evaluated", () => C.evaluatedPerMonth(db, s)],
  ["pastReview", () => C.pastReview(db, s, "2026-12-02")], ["stalePilots", () => C.stalePilots(db, s, new Date("2026-06-01"))],
  ["matrix", () => C.adoptionMatrix(db, s)], ["reused", () => C.mostReused(db, s)], ["funnel", () => C.funnel(db, s)],
  ["qFigures", () => Qr.questionFigures(db, s)], ["qAreas", () => Qr.questionAreas(db, s)], ["unanswered", () => Qr.unanswered(db, s, new Date(Date.now() - 3 * 86400000))],
  ["cross", () => Qr.crossOrgAnswers(db, s)], ["flags", () => H.flagFigures(db, s, null)], ["hidden", () => H.hiddenNow(db, s, null)],
  ["top", () => S.topQueries(db, s)], ["gaps", () => S.gapQueries(db, s, 2)], ["asked", () => S.askedAfter(db, s)],
];
for (const [n, f] of fns) { const t = performance.now(); await f(); console.log(n, (performance.now() - t).toFixed(0)); }
await stop();
