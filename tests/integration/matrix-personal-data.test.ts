import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { flagItem } from "../../app/moderation/flags.server";
import { moderate } from "../../app/moderation/actions.server";
import { reviewQueue } from "../../app/moderation/queue.server";
import { actionSchema } from "../../app/moderation/schemas";
import { freshDatabase } from "../support/db";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { makeThread } from "../support/moderation";

// The authorization matrix's personal-data axis (issue 16 item 7, docs/decisions/
// 2026-12-07-network-moderators-personal-data.md): network moderators handle an item with an
// open personal-data flag in any organisation, even outside their audience — only that flag
// reason, only network moderators (network admins hold that role too), and every such access
// is in the audit log. A's content here is visible to A's members only.
let db: DB;
let destroy: () => Promise<void>;
let w: World;

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
});
afterAll(() => destroy());

const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });
type Outcome = "ok" | "forbidden" | "notFound";

/** An A-only thread flagged by A's ambassador for `reason`. */
async function flagged(reason: "personal_data" | "spam") {
  const id = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, title: `Bara A (${reason})`, visibility: "organisation" });
  const f = await flagItem(ctx("ambassadorA"), { targetType: "thread", targetId: id, reason, text: reason === "personal_data" ? "Personnummer i texten" : "" });
  expect(f.ok).toBe(true);
  return id;
}

// [personal-data flag, spam flag]: what hiding the flagged A-only thread answers.
const HIDE: Record<PrincipalName, [Outcome, Outcome]> = {
  anonymous: ["forbidden", "forbidden"],
  memberA: ["forbidden", "forbidden"],
  ambassadorA: ["forbidden", "forbidden"],
  moderatorA: ["ok", "ok"],
  adminA: ["ok", "ok"],
  memberB: ["notFound", "notFound"],
  networkModerator: ["ok", "notFound"],
  networkAdmin: ["ok", "notFound"],
  deactivated: ["forbidden", "forbidden"],
  removed: ["forbidden", "forbidden"],
};
// Whether the flagged A-only thread is in their review queue: [personal data, spam] (null: no queue).
const QUEUE: Record<PrincipalName, [boolean, boolean] | null> = {
  anonymous: null, memberA: null, ambassadorA: null, moderatorA: [true, true], adminA: [true, true], memberB: null,
  networkModerator: [true, false], networkAdmin: [true, false], deactivated: null, removed: null,
};
const EXCEPTION = new Set<PrincipalName>(["networkModerator", "networkAdmin"]);

const accessLog = (id: string) =>
  db.selectFrom("audit_log").select(["actor_id", "action", "org_id", "details"]).where("target_type", "=", "thread").where("target_id", "=", id)
    .where("action", "=", "thread.personal_data_access").execute();

describe("personal-data matrix", () => {
  describe.each(PRINCIPALS)("%s", (p) => {
    it(`hides a personal-data-flagged item: ${HIDE[p][0]}; a spam-flagged one: ${HIDE[p][1]}; the exception is logged`, async () => {
      for (const [i, reason] of (["personal_data", "spam"] as const).entries()) {
        const id = await flagged(reason);
        const r = await moderate(ctx(p), actionSchema.parse({ intent: "hide", targetType: "thread", targetId: id, reason: "Personuppgifter" }));
        expect(r.ok ? "ok" : r.error, reason).toBe(HIDE[p][i]);
        const log = await accessLog(id);
        // Only the exception writes an access entry, under A (A's moderators see who looked).
        if (r.ok && EXCEPTION.has(p)) expect(log).toEqual([{ actor_id: w.userIds[p as "networkModerator"], action: "thread.personal_data_access", org_id: w.orgA.id, details: { via: "action", intent: "hide" } }]);
        else expect(log).toEqual([]);
      }
    });

    it(`sees them in the review queue: ${JSON.stringify(QUEUE[p])}`, async () => {
      const pd = await flagged("personal_data");
      const spam = await flagged("spam");
      const q = await reviewQueue(ctx(p));
      if (!QUEUE[p]) return expect(q.ok).toBe(false);
      if (!q.ok) throw new Error("expected the queue");
      const ids = q.value.map((e) => e.target.id);
      expect([ids.includes(pd), ids.includes(spam)]).toEqual(QUEUE[p]);
      // Each view outside the ordinary scope is logged; a second look at once is the same entry.
      await reviewQueue(ctx(p));
      expect((await accessLog(pd)).length).toBe(EXCEPTION.has(p) ? 1 : 0);
      expect(await accessLog(spam)).toEqual([]);
    });
  });

  it("other actions than taking the data away are not part of the exception, and it ends when the flag is closed", async () => {
    const id = await flagged("personal_data");
    for (const intent of ["lock", "mark_outdated"] as const) {
      const a = actionSchema.parse({ intent, targetType: "thread", targetId: id, note: "Gammal text", reason: "" });
      expect(await moderate(ctx("networkModerator"), a)).toMatchObject({ ok: false, error: "notFound" });
    }
    expect((await moderate(ctx("networkModerator"), actionSchema.parse({ intent: "dismiss", targetType: "thread", targetId: id }))).ok).toBe(true);
    // The flag is closed: the thread is out of reach again.
    expect(await moderate(ctx("networkModerator"), actionSchema.parse({ intent: "hide", targetType: "thread", targetId: id, reason: "Personuppgifter" }))).toMatchObject({ ok: false, error: "notFound" });
    const q = await reviewQueue(ctx("networkModerator"));
    expect(q.ok && q.value.some((e) => e.target.id === id)).toBe(false);
  });
});
