import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { flagItem } from "../../app/moderation/flags.server";
import { moderate } from "../../app/moderation/actions.server";
import { reviewQueue, healthQueue } from "../../app/moderation/queue.server";
import { auditLog } from "../../app/moderation/audit-log.server";
import { readableTarget } from "../../app/policy/targets.server";
import { actionSchema } from "../../app/moderation/schemas";
import { freshDatabase } from "../support/db";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { makeThread } from "../support/moderation";

// Authorization matrix for moderation: principal × action × expected outcome.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
let threadA: string; // network-visible, owned by A
let threadB: string; // network-visible, owned by B
let hiddenA: string; // hidden, owned by A, written by memberA

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  threadA = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, title: "A" });
  threadB = await makeThread(db, { orgId: w.orgB.id, authorId: w.userIds.memberB, title: "B" });
  hiddenA = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, title: "Dold" });
  await db.updateTable("threads").set({ hidden_at: new Date(), hidden_by: w.userIds.moderatorA, hidden_reason: "Test" }).where("id", "=", hiddenA).execute();
  await recordOneLogEntryPerOrg();
});
afterAll(() => destroy());

async function recordOneLogEntryPerOrg() {
  const { recordAudit } = await import("../../app/moderation/audit.server");
  await recordAudit(db, { actorId: w.userIds.adminA, action: "membership.role_changed", targetType: "membership", targetId: "1", orgId: w.orgA.id });
  await recordAudit(db, { actorId: w.userIds.networkAdmin, action: "membership.role_changed", targetType: "membership", targetId: "2", orgId: w.orgB.id });
}

type Outcome = "ok" | "forbidden" | "notFound";
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });

// Who may lock (and therefore hide, pin, curate …) a thread of A, a thread of B.
const ACT_ON: Record<PrincipalName, [Outcome, Outcome]> = {
  anonymous: ["forbidden", "forbidden"],
  memberA: ["forbidden", "forbidden"],
  ambassadorA: ["forbidden", "forbidden"],
  moderatorA: ["ok", "forbidden"],
  adminA: ["ok", "forbidden"],
  memberB: ["forbidden", "forbidden"],
  networkModerator: ["ok", "ok"],
  networkAdmin: ["ok", "ok"],
  deactivated: ["forbidden", "forbidden"],
  removed: ["forbidden", "forbidden"],
};

// Review queue / health queue / audit log: who may open them.
const MOD_PAGES: Record<PrincipalName, boolean> = {
  anonymous: false, memberA: false, ambassadorA: false, moderatorA: true, adminA: true, memberB: false,
  networkModerator: true, networkAdmin: true, deactivated: false, removed: false,
};

// Hidden content of A (written by memberA): who can still see it.
const SEES_HIDDEN: Record<PrincipalName, boolean> = {
  anonymous: false, memberA: true, ambassadorA: false, moderatorA: true, adminA: true, memberB: false,
  networkModerator: true, networkAdmin: true, deactivated: false, removed: false,
};

// Audit log: which organisations' entries each principal sees (null: no access).
const LOG_SCOPE: Record<PrincipalName, ("A" | "B")[] | null> = {
  anonymous: null, memberA: null, ambassadorA: null, moderatorA: ["A"], adminA: ["A"], memberB: null,
  networkModerator: ["A", "B"], networkAdmin: ["A", "B"], deactivated: null, removed: null,
};

describe("moderation matrix", () => {
  describe.each(PRINCIPALS)("%s", (p) => {
    it(`acts on A's content: ${ACT_ON[p][0]}, on B's content: ${ACT_ON[p][1]}`, async () => {
      for (const [i, target] of [threadA, threadB].entries()) {
        const r = await moderate(ctx(p), actionSchema.parse({ intent: "lock", targetType: "thread", targetId: target }));
        expect(r.ok ? "ok" : r.error, `lock ${i ? "B" : "A"}`).toBe(ACT_ON[p][i]);
        if (r.ok) await moderate(ctx(p), actionSchema.parse({ intent: "unlock", targetType: "thread", targetId: target }));
      }
    });

    it(`opens the review queue, health queue and log: ${MOD_PAGES[p]}`, async () => {
      expect((await reviewQueue(ctx(p))).ok).toBe(MOD_PAGES[p]);
      expect((await healthQueue(ctx(p))).ok).toBe(MOD_PAGES[p]);
      expect((await auditLog(ctx(p), {})).ok).toBe(MOD_PAGES[p]);
    });

    it(`sees hidden content: ${SEES_HIDDEN[p]}`, async () => {
      expect(Boolean(await readableTarget(ctx(p), "thread", hiddenA))).toBe(SEES_HIDDEN[p]);
    });

    it(`reads audit entries of: ${JSON.stringify(LOG_SCOPE[p])}`, async () => {
      const r = await auditLog(ctx(p), {});
      if (!LOG_SCOPE[p]) return expect(r.ok).toBe(false);
      if (!r.ok) throw new Error("expected access");
      const seen = new Set(r.value.entries.map((e) => (e.org_id === w.orgA.id ? "A" : e.org_id === w.orgB.id ? "B" : "?")));
      expect([...seen].sort()).toEqual(LOG_SCOPE[p]);
    });

    it("flags only when signed in and able to read", async () => {
      const r = await flagItem(ctx(p), { targetType: "thread", targetId: threadB, reason: "spam", text: "" });
      expect(r.ok ? "ok" : r.error).toBe(w.viewers[p] ? "ok" : "forbidden");
    });
  });
});
