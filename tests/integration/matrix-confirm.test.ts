import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { describeConfirm } from "../../app/confirm/kinds.server";
import type { ConfirmKind } from "../../app/confirm/types";
import { undoDelete } from "../../app/confirm/undo.server";
import { deletePost } from "../../app/forum/posts.server";
import { deleteThread } from "../../app/forum/threads.server";
import { freshDatabase } from "../support/db";
import { makeCase, makePost, makeThread } from "../support/moderation";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";

// The confirm axis of the authorization matrix: the confirm page (/confirm/<kind>) is a read
// surface (it names the item and counts what goes with it), so it may show something only to
// whoever may do the action, with the expected outcome written out by hand. And Ångra: only the
// person who deleted, only within the window.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
let orgThread: string;
let orgPost: string;
let networkThread: string;
let caseId: string;
const now = () => new Date();

const WHO: Record<string, readonly PrincipalName[]> = {
  // An organisation-only thread of ambassadorA's: its author and A's moderators and admins (network roles do not read it).
  deleteThread: ["ambassadorA", "moderatorA", "adminA"],
  // memberA's reply in it: its author and A's moderators.
  deletePost: ["memberA", "moderatorA", "adminA"],
  // ambassadorA's network case: editors in A and network moderators/admins.
  deleteCase: ["ambassadorA", "moderatorA", "adminA", "networkModerator", "networkAdmin"],
  // Gallring of a network thread: network admins only.
  dispose: ["networkAdmin"],
  deactivate: ["networkAdmin"],
};

const paramsFor = (kind: string) => new URLSearchParams(
  kind === "deleteThread" ? { threadId: orgThread }
    : kind === "deletePost" ? { threadId: orgThread, postId: orgPost }
    : kind === "deleteCase" ? { caseId }
    : kind === "dispose" ? { targetType: "thread", targetId: networkThread }
    : { userId: w.userIds.memberB },
);

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  orgThread = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA, visibility: "organisation", title: "Bara A" });
  orgPost = await makePost(db, { threadId: orgThread, authorId: w.userIds.memberA });
  networkThread = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, visibility: "network", title: "Hela nätverket" });
  caseId = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA, visibility: "network" });
});
afterAll(async () => {
  await db.destroy();
  await destroy();
});

describe("confirm pages × principals", () => {
  for (const kind of Object.keys(WHO)) {
    it(`${kind}: shown exactly to ${WHO[kind].join(", ")}`, async () => {
      const shown: PrincipalName[] = [];
      for (const p of PRINCIPALS) {
        const view = await describeConfirm({ db, viewer: w.viewers[p], now: now() }, kind as ConfirmKind, paramsFor(kind));
        if (view) shown.push(p);
      }
      expect(shown).toEqual(WHO[kind]);
    });
  }

  it("names what goes with it, and a missing item is the same as a denied one", async () => {
    const ctx = { db, viewer: w.viewers.networkAdmin, now: now() };
    const view = await describeConfirm(ctx, "dispose", paramsFor("dispose"));
    expect(view?.name).toBe("Hela nätverket");
    expect(view?.fields).toMatchObject({ intent: "dispose", targetType: "thread", targetId: networkThread });
    expect(await describeConfirm(ctx, "dispose", new URLSearchParams({ targetType: "thread", targetId: "999999999" }))).toBeNull();
    expect(await describeConfirm(ctx, "dispose", new URLSearchParams({ targetType: "user", targetId: networkThread }))).toBeNull();
    const own = await describeConfirm({ db, viewer: w.viewers.ambassadorA, now: now() }, "deleteThread", paramsFor("deleteThread"));
    expect(own?.facts.find((f) => f.key === "facts.answers")?.params).toEqual({ count: 1 });
  });
});

describe("Ångra × principals", () => {
  it("only the person who deleted, only within the window", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, visibility: "network" });
    const p = await makePost(db, { threadId: t, authorId: w.userIds.memberA });
    const ctxOf = (who: PrincipalName, at = now()) => ({ db, viewer: w.viewers[who], now: at });
    expect((await deletePost(ctxOf("memberA"), p)).ok).toBe(true);
    for (const other of PRINCIPALS.filter((x) => x !== "memberA")) expect(await undoDelete(ctxOf(other), "post", p), other).toBeNull();
    expect(await undoDelete(ctxOf("memberA", new Date(Date.now() + 11 * 60_000)), "post", p)).toBeNull();
    expect(await undoDelete(ctxOf("memberA"), "post", p)).toMatch(/^\/t\/\d+-.*\?restored=post#p1$/);
    // Once: a second undo of the same delete finds nothing to take back.
    expect(await undoDelete(ctxOf("memberA"), "post", p)).toBeNull();
    // A moderator's delete is the moderator's to take back, not the author's.
    expect((await deleteThread(ctxOf("moderatorA"), t)).ok).toBe(true);
    expect(await undoDelete(ctxOf("memberA"), "thread", t)).toBeNull();
    expect(await undoDelete(ctxOf("moderatorA"), "thread", t)).toMatch(/\?restored=thread$/);
    const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("target_id", "in", [t, p]).where("action", "like", "%undo%").execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["post.undo_delete", "thread.undo_delete"]);
  });
});
