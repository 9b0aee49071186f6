import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getProfile, tagExperts } from "../../app/profiles/profiles.server";
import type { Audience } from "../../app/forum/types";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { makeCase } from "../support/cases";
import { answer, ask } from "../support/profiles";

// Authorization matrix for profiles and expert lists: every principal × visibility × state →
// what memberA's and ambassadorA's profiles and the tag's expert list show. ambassadorA (Kommun A)
// asks a question per cell, memberA's answer is accepted; ambassadorA also writes a case per cell.
// "chosen" shares the organisation-only items with Kommun B.
const AUDIENCES: Audience[] = ["organisation", "chosen", "network", "public"];
const THREAD_STATES = ["live", "hidden", "deleted"] as const;
const CASE_STATES = ["live", "hidden", "deleted", "draft"] as const;

const A = ["memberA", "ambassadorA", "moderatorA", "adminA"] as const;
const NET = ["networkModerator", "networkAdmin"] as const;
const READERS: Record<Audience, readonly PrincipalName[]> = {
  organisation: A, chosen: [...A, "memberB"], network: [...A, "memberB", ...NET], public: PRINCIPALS,
};
const MEMBERS = new Set<PrincipalName>([...A, "memberB", ...NET]);
const MODERATORS = new Set<PrincipalName>(["moderatorA", "adminA", ...NET]);

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const threads = new Map<string, string>(); // "aud:state" → title
const cases = new Map<string, string>();
const tagOf = (aud: Audience, st: string) => `mx-${aud}-${st}`;

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  for (const aud of AUDIENCES) {
    const shared = aud === "chosen" ? [w.orgB.id] : [];
    const audience = aud === "chosen" ? "shared" : aud; // the case form's name for "chosen organisations"
    for (const st of THREAD_STATES) {
      const slug = tagOf(aud, st);
      await createForumTags(db, [{ slug, sv: slug, en: slug, area: "it" }]);
      const title = `Fråga ${aud} ${st}`;
      const q = await ask(db, w.viewers.ambassadorA!, w.orgA.id, { title, tags: [slug], audience: aud === "chosen" ? "chosen" : aud, sharedOrgIds: shared });
      await answer(db, q.id, w.viewers.memberA!, { acceptBy: w.viewers.ambassadorA! });
      if (st === "hidden") await db.updateTable("threads").set({ hidden_at: new Date(), hidden_by: w.userIds.moderatorA }).where("id", "=", q.id).execute();
      if (st === "deleted") await db.updateTable("threads").set({ deleted_at: new Date(), deleted_by: w.userIds.moderatorA }).where("id", "=", q.id).execute();
      threads.set(`${aud}:${st}`, title);
    }
    for (const st of CASE_STATES) {
      const title = `Fall ${aud} ${st}`;
      const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title, visibility: audience, shared_org_ids: shared, intent: st === "draft" ? "save" : "publish" });
      if (st === "hidden") await db.updateTable("cases").set({ hidden_at: new Date() }).where("id", "=", id).execute();
      if (st === "deleted") await db.updateTable("cases").set({ deleted_at: new Date() }).where("id", "=", id).execute();
      cases.set(`${aud}:${st}`, title);
    }
  }
});
afterAll(() => destroy());

const reads = (p: PrincipalName, aud: Audience) => READERS[aud].includes(p);
function answerListed(p: PrincipalName, aud: Audience, st: (typeof THREAD_STATES)[number]) {
  if (!reads(p, aud) || st === "deleted") return false;
  return st === "live" || p === "ambassadorA" || MODERATORS.has(p); // a hidden thread: its author and moderators in scope
}

describe.each(PRINCIPALS)("profiles matrix: %s", (p) => {
  const ctx = () => ({ db, viewer: w.viewers[p], now: new Date() });

  it("sees a profile only as a signed-in member", async () => {
    const r = await getProfile(ctx(), w.viewers.memberA!.handle).then(() => 200, (e: unknown) => (e instanceof Response ? e.status : 500));
    expect(r).toBe(MEMBERS.has(p) ? 200 : 404);
  });

  it.runIf(MEMBERS.has(p))("answers, expertise and cases follow visibility × state", async () => {
    const mine = await getProfile(ctx(), w.viewers.memberA!.handle, "answers");
    const shownAnswers = new Set(mine.lists.answers!.items.map((a) => a.title));
    const expertise = new Set((await getProfile(ctx(), w.viewers.memberA!.handle)).expertise.tags.map((t) => t.slug));
    const shownCases = new Set((await getProfile(ctx(), w.viewers.ambassadorA!.handle, "cases")).lists.cases!.items.map((c) => c.title));
    for (const aud of AUDIENCES) {
      for (const st of THREAD_STATES) {
        expect([aud, st, "answer", shownAnswers.has(threads.get(`${aud}:${st}`)!)]).toEqual([aud, st, "answer", answerListed(p, aud, st)]);
        // Expertise counts live contributions the viewer may read; never hidden or deleted ones.
        expect([aud, st, "expertise", expertise.has(tagOf(aud, st))]).toEqual([aud, st, "expertise", reads(p, aud) && st === "live"]);
      }
      for (const st of CASE_STATES) {
        expect([aud, st, "case", shownCases.has(cases.get(`${aud}:${st}`)!)]).toEqual([aud, st, "case", reads(p, aud) && st === "live"]);
      }
    }
  });

  it("tag expert lists name memberA only where the viewer may read the accepted answer", async () => {
    for (const aud of AUDIENCES) {
      for (const st of THREAD_STATES) {
        const experts = (await tagExperts(ctx(), tagOf(aud, st))).map((e) => e.handle);
        expect([aud, st, experts.includes(w.viewers.memberA!.handle)]).toEqual([aud, st, MEMBERS.has(p) && reads(p, aud) && st === "live"]);
      }
    }
  });
});
