import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { insightsFor, workingDaysBefore } from "../../app/insights/insights.server";
import { buildPanels } from "../../app/insights/panels.server";
import { insightsPage } from "../../app/insights/page.server";
import { panelCsv } from "../../app/insights/csv.server";
import { safeCell } from "../../app/lib/csv.server";
import { logSearch, normaliseQuery, purgeSearchLogRows, questionAskedAfterSearch } from "../../app/insights/search-log.server";
import { canViewInsights } from "../../app/policy";
import { refreshInsightAggregates, weightedMedian } from "../../app/insights/questions.repo.server";
import { clearHomeSummaryCache, computeHomeSummary, homeSummary, SUMMARY_TTL_MS } from "../../app/insights/summary.server";
import { readAudienceKey } from "../../app/policy";
import { freshDatabase } from "../support/db";
import { createUser } from "../support/factories";
import { makeTag } from "../support/moderation";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";

// Every insights figure against hand-computed expectations on a small fixture, as every
// principal (the insights axis of the authorization matrix: who may open it, what each counts,
// which titles each may see, and the small-cell suppression). The fixture and the expected
// numbers are written out in the comments next to each row.

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const now = new Date("2026-11-20T12:00:00Z"); // a Friday
const F = { from: "2026-09", to: "2026-11", org: "", area: "" as const };
const id: Record<string, string> = {};

const T = {
  c1: "Insikt publik pilot A", c2: "Insikt organisation A", c3: "Insikt nätverk B", c4: "Insikt publik B",
  c5: "Insikt utkast A", c6: "Insikt dold B", c7: "Insikt gammal A", c8: "Insikt organisation B",
  q1: "Fråga ett publik A", q2: "Fråga två nätverk A", q3: "Fråga tre organisation B", q4: "Fråga fyra obesvarad",
  q5: "Fråga fem ny", q6: "Fråga sex dold", d1: "Diskussion ett",
  // Added and removed again by the last tests (the home summary's cache, the aggregates' refresh).
  c9: "Insikt ny publik A", q7: "Fråga sju organisation B", q8: "Fråga åtta publik A",
};

async function kase(key: keyof typeof T, o: { org: string; vis: string; area: string; status: string; evaluated: string; published: string; state?: string; hidden?: boolean; statusSince?: string; reviewBy?: string }) {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO cases (org_id, visibility, state, title, area, status, evaluated, review_by, created_by, created_at, published_at, status_since, hidden_at)
    VALUES (${o.org}, ${o.vis}, ${o.state ?? "published"}, ${T[key]}, ${o.area}, ${o.status}, ${o.evaluated}, ${o.reviewBy ?? "2099-01-01"},
      ${w.userIds.ambassadorA}, ${o.published}, ${o.published}, ${o.statusSince ?? o.published}, ${o.hidden ? o.published : null})
    RETURNING id`.execute(db);
  id[key] = String(rows[0].id);
}

async function thread(key: keyof typeof T, o: { org: string; vis: string; author: string; at: string; tag: string; kind?: string; hidden?: boolean }) {
  const r = await db.insertInto("threads").values({
    kind: (o.kind ?? "question") as "question", title: T[key], slug: key, body_md: "x", body_html: "<p>x</p>", renderer_version: 1,
    org_id: o.org, visibility: o.vis as "public", shared_org_ids: [], author_id: o.author, created_at: o.at, updated_at: o.at, last_activity_at: o.at,
    hidden_at: o.hidden ? o.at : null,
  }).returning("id").executeTakeFirstOrThrow();
  id[key] = r.id;
  await db.insertInto("thread_tags").values({ thread_id: r.id, tag_id: o.tag }).execute();
}

let postNo = 0;
async function post(key: string, threadKey: string, author: string, hoursAfter: number, base: string) {
  const at = new Date(new Date(base).getTime() + hoursAfter * 3_600_000);
  const r = await db.insertInto("posts").values({
    thread_id: id[threadKey], number: ++postNo, author_id: author, body_md: "svar", body_html: "<p>svar</p>", renderer_version: 1, created_at: at, updated_at: at,
  }).returning("id").executeTakeFirstOrThrow();
  id[key] = r.id;
}

async function adopt(caseKey: string, org: string, status: "adopted" | "trying", at: string, derived?: string) {
  await db.insertInto("adoptions").values({
    case_id: id[caseKey], org_id: org, status, adopted_on: at.slice(0, 10), derived_case_id: derived ? id[derived] : null, created_by: w.userIds.adminA, created_at: new Date(at),
  }).execute();
}

async function flag(type: "thread" | "post" | "case", key: string, reason: "spam" | "other", at: string, handledAfterH?: number) {
  const created = new Date(at);
  await db.insertInto("flags").values({
    target_type: type, target_id: id[key], reporter_id: w.userIds.memberA, reason, created_at: created,
    status: handledAfterH == null ? "open" : "dismissed", handled_at: handledAfterH == null ? null : new Date(created.getTime() + handledAfterH * 3_600_000),
    handled_by: handledAfterH == null ? null : w.userIds.moderatorA,
  }).execute();
}

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  const A = w.orgA.id, B = w.orgB.id, C = w.orgC.id;
  const memberB2 = await createUser(db, { orgId: B, role: "member" });
  // Cases. In the period (Sep–Nov 2026) and counted: c1 c2 c3 c4 c8 (network staff), c1 c2 c3 c4 (adminA).
  await kase("c1", { org: A, vis: "public", area: "customer_service", status: "pilot", evaluated: "no", published: "2026-09-10T10:00:00Z", statusSince: "2026-03-01T10:00:00Z", reviewBy: "2026-10-01" });
  await kase("c2", { org: A, vis: "organisation", area: "hr", status: "production", evaluated: "formal", published: "2026-10-10T10:00:00Z" });
  await kase("c3", { org: B, vis: "network", area: "customer_service", status: "pilot", evaluated: "own_followup", published: "2026-10-15T10:00:00Z" });
  await kase("c4", { org: B, vis: "public", area: "customer_service", status: "pilot", evaluated: "no", published: "2026-11-05T10:00:00Z" });
  await kase("c5", { org: A, vis: "network", area: "hr", status: "idea", evaluated: "no", published: "2026-10-01T10:00:00Z", state: "draft" });
  await kase("c6", { org: B, vis: "network", area: "hr", status: "idea", evaluated: "no", published: "2026-10-01T10:00:00Z", hidden: true });
  await kase("c7", { org: A, vis: "public", area: "it", status: "idea", evaluated: "no", published: "2026-05-01T10:00:00Z" });
  await kase("c8", { org: B, vis: "organisation", area: "hr", status: "production", evaluated: "formal", published: "2026-10-20T10:00:00Z", reviewBy: "2026-01-01" });
  // Adoptions: B←c1 (trying), C←c1 (adopted), C←c3 (trying, wrote c4 which is in pilot), A←c8 (adopted).
  await adopt("c1", B, "trying", "2026-10-01T10:00:00Z");
  await adopt("c1", C, "adopted", "2026-10-02T10:00:00Z");
  await adopt("c3", C, "trying", "2026-10-03T10:00:00Z", "c4");
  await adopt("c8", A, "adopted", "2026-10-04T10:00:00Z");
  // Questions.
  const cs = await makeTag(db, "insikt-kundtjanst", "customer_service");
  const hr = await makeTag(db, "insikt-hr", "hr");
  await thread("q1", { org: A, vis: "public", author: w.userIds.memberA, at: "2026-10-01T08:00:00Z", tag: cs });
  await post("p1", "q1", w.userIds.memberB, 2, "2026-10-01T08:00:00Z"); // cross-org, accepted: 2 h
  await post("p2", "q1", w.userIds.ambassadorA, 5, "2026-10-01T08:00:00Z"); // same org
  await db.updateTable("threads").set({ accepted_post_id: id.p1 }).where("id", "=", id.q1).execute();
  await thread("q2", { org: A, vis: "network", author: w.userIds.memberA, at: "2026-10-05T08:00:00Z", tag: cs });
  await post("p3", "q2", w.userIds.memberA, 1, "2026-10-05T08:00:00Z"); // the asker: not an answer
  await post("p4", "q2", w.userIds.networkModerator, 10, "2026-10-05T08:00:00Z"); // cross-org, first answer 10 h
  await thread("q3", { org: B, vis: "organisation", author: w.userIds.memberB, at: "2026-10-06T08:00:00Z", tag: hr });
  await post("p5", "q3", memberB2.id, 4, "2026-10-06T08:00:00Z"); // same org, accepted: 4 h
  await db.updateTable("threads").set({ accepted_post_id: id.p5 }).where("id", "=", id.q3).execute();
  await thread("q4", { org: A, vis: "public", author: w.userIds.memberA, at: "2026-11-02T08:00:00Z", tag: cs }); // unanswered, old
  await thread("q5", { org: A, vis: "public", author: w.userIds.memberA, at: "2026-11-19T14:00:00Z", tag: cs }); // unanswered, < 2 working days
  await thread("q6", { org: A, vis: "network", author: w.userIds.memberA, at: "2026-10-07T08:00:00Z", tag: cs, hidden: true });
  await thread("d1", { org: A, vis: "public", author: w.userIds.memberA, at: "2026-10-07T08:00:00Z", tag: cs, kind: "discussion" });
  // Searches (hour precision, no person).
  const log = async (q: string, hits: number, times: number, asked = 0) => {
    for (let i = 0; i < times; i++) {
      await db.insertInto("search_log").values({ query: q, hits, searched_at: new Date("2026-10-10T10:00:00Z"), asked: i < asked }).execute();
    }
  };
  await log("chattbot", 5, 4, 1);
  await log("upphandling ai", 0, 3);
  await log("gdpr", 0, 2); // under three: never shown
  await log("lou", 2, 3, 3);
  await log("gammal", 0, 5); // outside the period below
  await db.updateTable("search_log").set({ searched_at: new Date("2026-01-10T10:00:00Z") }).where("query", "=", "gammal").execute();
  // Flags: on q1 (A, spam, handled after 6 h), q3 (B, spam, open), p1 (A, spam, handled after 2 h), c8 (B, other, open).
  await flag("thread", "q1", "spam", "2026-10-01T10:00:00Z", 6);
  await flag("thread", "q3", "spam", "2026-10-02T10:00:00Z");
  await flag("post", "p1", "spam", "2026-10-03T10:00:00Z", 2);
  await flag("case", "c8", "other", "2026-10-04T10:00:00Z");
  await refreshInsightAggregates(db); // what the insights_refresh job does
});
afterAll(() => destroy());

const ctxOf = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now });
const run = async (p: PrincipalName, f: Partial<typeof F> = {}) => {
  const r = await insightsFor(ctxOf(p), { ...F, ...f });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const sortBy = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));

const ALLOWED: PrincipalName[] = ["adminA", "networkModerator", "networkAdmin"];
const NETWORK: PrincipalName[] = ["networkModerator", "networkAdmin"];

describe("who may open /insights", () => {
  it.each(PRINCIPALS)("%s", async (p) => {
    expect(canViewInsights(w.viewers[p])).toBe(ALLOWED.includes(p));
    if (ALLOWED.includes(p)) await expect(insightsFor(ctxOf(p), F)).resolves.toMatchObject({ ok: true });
    else await expect(insightsFor(ctxOf(p), F)).rejects.toMatchObject({ status: 404 });
  });
});

describe("case figures", () => {
  it.each(NETWORK)("network-wide for %s, organisation-only cases as counts", async (p) => {
    const r = await run(p);
    expect(sortBy(r.cases.areas, (x) => x.area + x.status)).toEqual([
      { area: "customer_service", status: "pilot", n: 3 }, { area: "hr", status: "production", n: 2 },
    ]);
    expect(sortBy(r.cases.evaluated, (x) => x.month + x.evaluated)).toEqual([
      { month: "2026-09", evaluated: "no", n: 1 }, { month: "2026-10", evaluated: "formal", n: 2 },
      { month: "2026-10", evaluated: "own_followup", n: 1 }, { month: "2026-11", evaluated: "no", n: 1 },
    ]);
    expect(sortBy(r.cases.perMonth.map((x) => ({ month: x.month, org: x.orgId, n: x.n })), (x) => x.month + x.org)).toEqual(sortBy([
      { month: "2026-09", org: w.orgA.id, n: 1 }, { month: "2026-10", org: w.orgA.id, n: 1 }, { month: "2026-10", org: w.orgB.id, n: 2 }, { month: "2026-11", org: w.orgB.id, n: 1 },
    ], (x) => x.month + x.org));
    // Past review: c1 (public, titled) and c8 (B only: a count, no title).
    expect(r.cases.review.total).toBe(2);
    expect(r.cases.review.items.map((x) => [x.title, x.titled])).toEqual([[null, false], [T.c1, true]]);
    expect(r.cases.pilots.total).toBe(1);
    expect(r.cases.pilots.items[0].title).toBe(T.c1);
  });

  it("for an organisation admin: what their organisation may read", async () => {
    const r = await run("adminA");
    expect(sortBy(r.cases.areas, (x) => x.area)).toEqual([
      { area: "customer_service", status: "pilot", n: 3 }, { area: "hr", status: "production", n: 1 },
    ]);
    expect(r.cases.evaluated.filter((x) => x.month === "2026-10").reduce((a, x) => a + x.n, 0)).toBe(2);
    expect(r.cases.review.total).toBe(1);
    expect(r.cases.review.items.map((x) => x.title)).toEqual([T.c1]);
  });

  it("filters by organisation and area, and an unknown organisation is a field error", async () => {
    const a = await run("networkAdmin", { org: w.orgA.slug });
    expect(a.cases.areas.reduce((s, x) => s + x.n, 0)).toBe(2);
    const hr = await run("networkAdmin", { area: "hr" as never });
    expect(hr.cases.areas).toEqual([{ area: "hr", status: "production", n: 2 }]);
    expect(hr.questions.total.n).toBe(1); // q3 is tagged hr
    const bad = await insightsFor(ctxOf("networkAdmin"), { ...F, org: "finns-inte" });
    expect(bad).toEqual({ ok: false, errors: { org: [{ key: "insights:errors.org", params: undefined }] } });
  });

  it("the share evaluated trend in the summary sentence", async () => {
    const panels = buildPanels(await run("networkAdmin"), "sv", { orgSlug: "", area: "" });
    const p = panels.find((x) => x.id === "cases-evaluated")!;
    expect(p.summary).toBe("Andelen utvärderade fallstudier (egen uppföljning eller formell utvärdering) låg kvar från 0 % i 2026-09 till 0 % i 2026-11; 60 % över hela perioden.");
    expect(p.svg).toMatch(/^<svg[^>]*role="img"/);
    expect(p.svg).not.toMatch(/<style|style="/);
  });
});

describe("reuse figures", () => {
  it.each(NETWORK)("matrix, most reused and funnel for %s", async (p) => {
    const r = await run(p);
    const name = (o: string) => (o === w.orgA.id ? "A" : o === w.orgB.id ? "B" : "C");
    expect(r.reuse.matrix.map((x) => `${name(x.adopterId)}<${name(x.ownerId)}:${x.n}`).sort()).toEqual(["A<B:1", "B<A:1", "C<A:1", "C<B:1"]);
    expect(r.reuse.reused.map((x) => [x.title, x.n])).toEqual([[T.c1, 2], [T.c3, 1], [null, 1]]);
    expect(sortBy(r.reuse.stages, (x) => x.stage)).toEqual([{ stage: "exploring", n: 1 }, { stage: "pilot", n: 1 }, { stage: "production", n: 2 }]);
  });

  it("an organisation admin does not count the adoption of a case they may not read", async () => {
    const r = await run("adminA");
    expect(r.reuse.matrix.reduce((a, x) => a + x.n, 0)).toBe(3);
    expect(r.reuse.reused.every((x) => x.titled)).toBe(true);
  });
});

describe("question figures", () => {
  it.each(NETWORK)("counts, medians, unanswered and cross-organisation answers for %s", async (p) => {
    const r = await run(p);
    expect(r.questions.total).toEqual({ n: 5, answered: 3, solved: 2, firstMedianH: 4, acceptedMedianH: 3 });
    expect(sortBy(r.questions.month, (x) => x.month).map((x) => [x.month, x.n, x.answered, x.solved])).toEqual([["2026-10", 3, 3, 2], ["2026-11", 2, 0, 0]]);
    const orgA = r.questions.org.find((x) => x.orgId === w.orgA.id)!;
    expect(orgA).toMatchObject({ n: 4, firstMedianH: 6, acceptedMedianH: 2, suppressed: false });
    expect(r.questions.org.find((x) => x.orgId === w.orgB.id)).toMatchObject({ n: 1, firstMedianH: null, acceptedMedianH: null, suppressed: true });
    expect(r.questions.area.find((x) => x.area === "customer_service")).toMatchObject({ n: 4, firstMedianH: 6, suppressed: false });
    expect(r.questions.area.find((x) => x.area === "hr")).toMatchObject({ n: 1, suppressed: true, firstMedianH: null });
    expect(r.questions.unanswered.total).toBe(1);
    expect(r.questions.unanswered.items[0].title).toBe(T.q4);
    expect(r.questions.cross.total).toEqual({ answers: 4, cross: 2 });
    expect(r.questions.cross.org.find((x) => x.orgId === w.orgA.id)).toMatchObject({ answers: 3, cross: 2, suppressed: false });
    expect(r.questions.cross.org.find((x) => x.orgId === w.orgB.id)).toMatchObject({ answers: 1, cross: null, suppressed: true });
  });

  it("for an organisation admin: the other organisation's private question is not counted", async () => {
    const r = await run("adminA");
    expect(r.questions.total).toEqual({ n: 4, answered: 2, solved: 1, firstMedianH: 6, acceptedMedianH: 2 });
    expect(r.questions.cross.total).toEqual({ answers: 3, cross: 2 });
  });

  it("two working days are counted back over a weekend", () => {
    expect(workingDaysBefore(new Date("2026-11-23T12:00:00Z"), 2).toISOString()).toBe("2026-11-19T12:00:00.000Z"); // Monday → Thursday
    expect(workingDaysBefore(now, 2).toISOString()).toBe("2026-11-18T12:00:00.000Z");
  });
});

describe("search figures", () => {
  it.each(ALLOWED)("top queries, gaps and asked, never a group under three (%s)", async (p) => {
    const r = await run(p);
    expect(r.search.top.map((x) => [x.query, x.n])).toEqual([["chattbot", 4], ["lou", 3], ["upphandling ai", 3]]);
    expect(r.search.gaps.map((x) => [x.query, x.maxHits])).toEqual([["lou", 2], ["upphandling ai", 0]]);
    expect(r.search.asked).toEqual({ searches: 12, asked: 4, queries: [expect.objectContaining({ query: "lou", asked: 3 })] });
    expect(JSON.stringify(r.search)).not.toContain("gdpr");
    expect(JSON.stringify(r.search)).not.toContain("gammal");
  });

  it("logs a normalised query without the person, marks it when a question follows, and forgets it after the retention", async () => {
    expect(normaliseQuery('  "Chattbot"   I  KUNDTJÄNST ')).toBe("chattbot i kundtjänst");
    const token = await logSearch({ db, now: new Date("2026-11-20T12:34:56Z") }, "Chattbot  I kundtjänst", 7);
    expect(token).toMatch(/^[\w-]{16}$/);
    const row = await db.selectFrom("search_log").selectAll().where("ask_token", "=", token!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ query: "chattbot i kundtjänst", hits: 7, asked: false });
    expect(row.searched_at.toISOString()).toBe("2026-11-20T12:00:00.000Z");
    expect(Object.keys(row).sort()).toEqual(["ask_token", "asked", "hits", "id", "query", "searched_at"]);
    expect(await questionAskedAfterSearch({ db }, token)).toBe(true);
    expect(await questionAskedAfterSearch({ db }, token)).toBe(false); // once
    expect(await db.selectFrom("search_log").select(["asked", "ask_token"]).where("id", "=", row.id).executeTakeFirstOrThrow()).toEqual({ asked: true, ask_token: null });
    expect(await logSearch({ db, now }, "   ", 0)).toBeNull();
    // 180 days (the default) after 2026-01-10 the old rows go; October's stay.
    await refreshInsightAggregates(db);
    expect(await db.selectFrom("insight_search_months").select("n").where("query", "=", "gammal").executeTakeFirst()).toEqual({ n: 5 });
    const deleted = await purgeSearchLogRows(db, new Date("2026-08-01T00:00:00Z"));
    expect(deleted).toBe(5);
    expect(await db.selectFrom("insight_search_months").select("n").where("query", "=", "gammal").executeTakeFirst()).toBeUndefined(); // the sums go too
    expect(await db.selectFrom("search_log").select(sql<string>`count(*)`.as("n")).where("query", "=", "chattbot").executeTakeFirstOrThrow()).toEqual({ n: "4" });
  });
});

describe("health figures", () => {
  it.each(NETWORK)("flags and hidden items network-wide for %s", async (p) => {
    const r = await run(p);
    expect(r.health.total).toEqual({ opened: 4, handled: 2, openNow: 2, medianH: 4 });
    expect(r.health.reasons.find((x) => x.reason === "spam")).toMatchObject({ opened: 3, handled: 2, suppressed: false });
    expect(r.health.reasons.find((x) => x.reason === "other")).toMatchObject({ opened: null, suppressed: true });
    expect(r.health.hidden).toEqual({ threads: 1, posts: 0, cases: 1 });
  });
  it("an organisation admin counts their own organisation's, and small cells are suppressed", async () => {
    const r = await run("adminA");
    expect(r.health.total).toEqual({ opened: 2, handled: 2, openNow: 0, medianH: 4 });
    expect(r.health.reasons).toEqual([expect.objectContaining({ reason: "spam", opened: null, suppressed: true })]);
    expect(r.health.hidden).toEqual({ threads: 1, posts: 0, cases: 0 });
  });
});

describe("titles: the insights axis of the matrix (0 leaks)", () => {
  // What each allowed principal may list (the read rule): never a title outside it, on the page or in a CSV.
  const mayList: Record<string, (keyof typeof T)[]> = {
    adminA: ["c1", "c2", "c3", "c4", "c7", "q1", "q2", "q4", "q5", "q6", "d1"],
    networkModerator: ["c1", "c3", "c4", "c7", "q1", "q2", "q4", "q5", "q6", "d1"],
    networkAdmin: ["c1", "c3", "c4", "c7", "q1", "q2", "q4", "q5", "q6", "d1"],
  };
  it.each(ALLOWED)("%s sees no title it may not list, in any panel or CSV, in either language", async (p) => {
    const r = await run(p);
    for (const locale of ["sv", "en"] as const) {
      const panels = buildPanels(r, locale, { orgSlug: "", area: "" });
      const text = JSON.stringify(panels) + panels.map(panelCsv).join("\n");
      for (const [k, title] of Object.entries(T)) {
        if (!mayList[p].includes(k as keyof typeof T)) expect(text, `${p} ${k}`).not.toContain(title);
      }
      expect(text).toContain(T.c1); // the check can fail: a title it may list is there
    }
  });
  it("the page refuses bad filters with the field marked, and shows an empty period as empty", async () => {
    const ctx = ctxOf("networkAdmin");
    const bad = await insightsPage(ctx, new URL("http://x/insights?from=2026-13&to=2026-11"), "sv");
    expect(bad).toMatchObject({ ok: false, errors: { from: [{ key: "insights:errors.month" }] } });
    const order = await insightsPage(ctx, new URL("http://x/insights?from=2026-11&to=2026-01"), "sv");
    expect(order).toMatchObject({ ok: false, errors: { to: [{ key: "insights:errors.order" }] } });
    const area = await insightsPage(ctx, new URL("http://x/insights?area=mars"), "sv");
    expect(area).toMatchObject({ ok: false, errors: { area: [expect.anything()] } });
    const empty = await insightsPage(ctx, new URL("http://x/insights?from=2020-01&to=2020-03"), "en");
    if (!empty.ok) throw new Error("expected ok");
    const cases = empty.panels.find((x) => x.id === "cases-area-status")!;
    expect(cases).toMatchObject({ empty: true, svg: null, summary: "No case studies were published in the period." });
    await expect(insightsPage(ctxOf("memberA"), new URL("http://x/insights?from=2026-13"), "sv")).rejects.toMatchObject({ status: 404 });
  });
  it("CSV cells never start a formula", () => {
    expect(["=1+1", "+A1", "-2", "@SUM(A1)", "\tx", "\rx", "ok"].map(safeCell)).toEqual(["'=1+1", "'+A1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ok"]);
    const csv = panelCsv({ id: "search-top", group: "search", title: "x", summary: "", svg: null, head: ["q"], rows: [[{ text: "=HYPERLINK(\"x\")" }]], empty: false });
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe("home summary: the home-summary axis of the matrix (counted over what each may read)", () => {
  // Public: c1 c4 c7 (none evaluated); adoptions of them 2 and answers in public questions 2 (q1),
  // both under three, so not shown. Members of A also read c2 (formal) and c3 (own follow-up):
  // 2 of 5 evaluated; answers q1 (2, 1 from B) + q2 (1, from the network moderator) = 3, 2 cross;
  // adoptions of c1 (2) and c3 (1). Members of B read c1 c3 c4 c7 c8 (c3, c8 evaluated), answers
  // q1 + q2 + q3 (1, same organisation) = 4, 2 cross, adoptions c1 (2), c3, c8. Network staff
  // (members of C) read c1 c3 c4 c7 and q1 q2: no network-wide counting on the home page.
  const publicFigures = [{ key: "cases", value: 3 }, { key: "evaluated", value: 0 }];
  const orgA = [{ key: "cases", value: 5 }, { key: "evaluated", value: 40 }, { key: "crossOrg", value: 67 }, { key: "adoptions", value: 3 }];
  const expected: Record<PrincipalName, { key: string; value: number }[]> = {
    anonymous: publicFigures, deactivated: publicFigures, removed: publicFigures,
    memberA: orgA, ambassadorA: orgA, moderatorA: orgA, adminA: orgA,
    memberB: [{ key: "cases", value: 5 }, { key: "evaluated", value: 40 }, { key: "crossOrg", value: 50 }, { key: "adoptions", value: 4 }],
    networkModerator: [{ key: "cases", value: 4 }, { key: "evaluated", value: 25 }, { key: "crossOrg", value: 67 }, { key: "adoptions", value: 3 }],
    networkAdmin: [{ key: "cases", value: 4 }, { key: "evaluated", value: 25 }, { key: "crossOrg", value: 67 }, { key: "adoptions", value: 3 }],
  };
  it.each(PRINCIPALS)("%s", async (p) => {
    const s = await computeHomeSummary(ctxOf(p));
    expect(s.figures.map((f) => ({ key: f.key, value: f.value }))).toEqual(expected[p]);
    expect(s.min).toBe(3);
    for (const f of s.figures) expect(f.href).toMatch(/^\/(cases|threads)\b/);
  });
  it("the cache is per audience: every principal gets exactly its own figures, and they are recomputed after the TTL", async () => {
    clearHomeSummaryCache();
    for (const p of PRINCIPALS) expect(await homeSummary(ctxOf(p)), p).toEqual(await computeHomeSummary(ctxOf(p)));
    expect(readAudienceKey(w.viewers.memberA)).toBe(readAudienceKey(w.viewers.adminA));
    expect(readAudienceKey(w.viewers.memberA)).not.toBe(readAudienceKey(w.viewers.memberB));
    expect(readAudienceKey(null)).toBe("public");
    // A new public case with two more: cached figures stay until the TTL has passed.
    const before = (await homeSummary(ctxOf("anonymous"))).figures[0].value;
    await kase("c9", { org: w.orgA.id, vis: "public", area: "it", status: "idea", evaluated: "formal", published: "2026-11-10T10:00:00Z" });
    expect((await homeSummary(ctxOf("anonymous"))).figures[0].value).toBe(before);
    const later = { ...ctxOf("anonymous"), now: new Date(now.getTime() + SUMMARY_TTL_MS + 1) };
    expect((await homeSummary(later)).figures.slice(0, 2).map((f) => f.value)).toEqual([before + 1, 25]);
    await db.deleteFrom("cases").where("id", "=", id.c9).execute();
    clearHomeSummaryCache();
  });
});

describe("the materialised aggregates (insight_question_cells, insight_search_months)", () => {
  it("medians over the weighted cells are PostgreSQL's percentile_cont over the rows", async () => {
    const xs = [0.5, 2, 2, 3.25, 7, 7, 7, 10, 48.5, 100];
    for (const n of [1, 2, 3, 4, 7, 10]) {
      const vals = xs.slice(0, n);
      const { rows } = await sql<{ m: number }>`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS m FROM unnest(${vals}::float8[]) x`.execute(db);
      const counted = new Map<number, number>();
      for (const v of vals) counted.set(v, (counted.get(v) ?? 0) + 1);
      expect(weightedMedian([...counted].reverse()), `n=${n}`).toBeCloseTo(Number(rows[0].m), 10);
    }
    expect(weightedMedian([[null, 3], [5, 0]])).toBeNull();
  });

  it("a refresh picks up a new question and search; the read rule and the state still apply", async () => {
    const before = { net: await run("networkAdmin"), a: await run("adminA") };
    // A question only organisation B may read, answered from A after 8 hours; a public one that gets hidden.
    await thread("q7", { org: w.orgB.id, vis: "organisation", author: w.userIds.memberB, at: "2026-10-20T08:00:00Z", tag: (await makeTag(db, "insikt-hr2", "hr")) });
    await post("p7", "q7", w.userIds.memberA, 8, "2026-10-20T08:00:00Z");
    await thread("q8", { org: w.orgA.id, vis: "public", author: w.userIds.memberA, at: "2026-10-21T08:00:00Z", tag: (await makeTag(db, "insikt-it", "it")) });
    const log = (q: string) => db.insertInto("search_log").values({ query: q, hits: 1, searched_at: new Date("2026-10-22T10:00:00Z") }).execute();
    for (let i = 0; i < 3; i++) await log("ny sökning");
    // Not yet refreshed: the figures are the aggregates' (what the page says: recomputed every ten minutes).
    expect((await run("networkAdmin")).questions.total).toEqual(before.net.questions.total);
    await refreshInsightAggregates(db);
    const net = await run("networkAdmin");
    expect(net.questions.total.n).toBe(before.net.questions.total.n + 2);
    expect(net.questions.cross.total).toEqual({ answers: before.net.questions.cross.total.answers + 1, cross: before.net.questions.cross.total.cross + 1 });
    expect(net.questions.area.find((x) => x.area === "it")).toMatchObject({ n: 1, suppressed: true });
    expect(net.search.top.map((x) => x.query)).toContain("ny sökning");
    const a = await run("adminA");
    expect(a.questions.total.n).toBe(before.a.questions.total.n + 1); // q8 only: q7 is B's own
    expect(a.questions.cross.total).toEqual(before.a.questions.cross.total);
    // Hidden: gone from every figure after the next refresh.
    await db.updateTable("threads").set({ hidden_at: new Date("2026-10-23T08:00:00Z") }).where("id", "in", [id.q7, id.q8]).execute();
    await db.deleteFrom("search_log").where("query", "=", "ny sökning").execute();
    await refreshInsightAggregates(db);
    const after = await run("networkAdmin");
    expect(after.questions.total).toEqual(before.net.questions.total);
    expect(after.questions.cross.total).toEqual(before.net.questions.cross.total);
    expect(after.search.top.map((x) => x.query)).not.toContain("ny sökning");
    expect((await run("adminA")).questions.total).toEqual(before.a.questions.total);
  });
});
