import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser } from "../support/factories";
import { makeCase, makePost, makeTag, makeThread } from "../support/moderation";

// The page cache is only as right as threads.page_rev: every change a thread page shows must
// move it (migration 2026-11-23T1600). One check per kind of change, against real triggers.
let db: DB;
let destroy: () => Promise<void>;
let threadId: string;
let other: string;
let authorId: string;
let voterId: string;

const rev = async (id = threadId) => BigInt((await db.selectFrom("threads").select("page_rev").where("id", "=", id).executeTakeFirstOrThrow()).page_rev);

async function moves(change: () => Promise<unknown>) {
  const before = await rev();
  const untouched = await rev(other);
  await change();
  expect(await rev()).toBeGreaterThan(before);
  expect(await rev(other)).toBe(untouched); // only the thread concerned
}

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  const org = await createOrg(db);
  authorId = (await createUser(db, { orgId: org.id })).id;
  voterId = (await createUser(db, { orgId: org.id })).id;
  threadId = await makeThread(db, { orgId: org.id, authorId });
  other = await makeThread(db, { orgId: org.id, authorId });
});
afterAll(() => destroy());

describe("threads.page_rev", () => {
  it("moves when the thread row changes", () => moves(() => db.updateTable("threads").set({ title: "Ny titel" }).where("id", "=", threadId).execute()));

  it("moves on a reply, its edit, hiding and deletion", async () => {
    let postId = "";
    await moves(async () => (postId = await makePost(db, { threadId, authorId })));
    await moves(() => db.updateTable("posts").set({ body_html: "<p>Ändrat</p>" }).where("id", "=", postId).execute());
    await moves(() => db.updateTable("posts").set({ hidden_at: new Date(), hidden_reason: "Fel tråd" }).where("id", "=", postId).execute());
    await moves(() => db.deleteFrom("posts").where("id", "=", postId).execute());
  });

  it("moves on a revision", () =>
    moves(() =>
      db.insertInto("post_revisions").values({ thread_id: threadId, post_id: null, editor_id: authorId, old_title: "a", new_title: "b", old_body_md: "x", new_body_md: "y", created_at: new Date() }).execute(),
    ));

  it("moves on a vote and its withdrawal", async () => {
    const postId = await makePost(db, { threadId, authorId });
    await moves(() => db.insertInto("votes").values({ post_id: postId, user_id: voterId }).execute());
    await moves(() => db.deleteFrom("votes").where("post_id", "=", postId).execute());
  });

  it("moves on tagging and on renaming a tag the thread has", async () => {
    const tagId = await makeTag(db, `cache-${Date.now()}`);
    await moves(() => db.insertInto("thread_tags").values({ thread_id: threadId, tag_id: tagId }).execute());
    await moves(() => db.updateTable("tags").set({ name_sv: "Nytt namn" }).where("id", "=", tagId).execute());
  });

  it("moves on following and watching", async () => {
    await moves(() => db.insertInto("question_followers").values({ thread_id: threadId, user_id: voterId }).execute());
    await moves(() => db.insertInto("thread_watchers").values({ thread_id: threadId, user_id: voterId }).execute());
    await moves(() => db.deleteFrom("thread_watchers").where("thread_id", "=", threadId).execute());
  });

  it("moves when a case is promoted from the thread, and when that case changes", async () => {
    const org = (await db.selectFrom("threads").select("org_id").where("id", "=", threadId).executeTakeFirstOrThrow()).org_id;
    const caseId = await makeCase(db, { orgId: org, authorId });
    await moves(() => sql`UPDATE cases SET source_thread_id = ${threadId} WHERE id = ${caseId}`.execute(db));
    await moves(() => sql`UPDATE cases SET title = 'Ny rubrik' WHERE id = ${caseId}`.execute(db));
  });

  it("moves when the thread is marked as best practice, and unmarked", async () => {
    await moves(() => db.insertInto("best_practice_marks").values({ target_type: "thread", target_id: threadId, curator_id: authorId, note: "Förebild" }).execute());
    await moves(() => db.updateTable("best_practice_marks").set({ unmarked_at: new Date(), unmarked_by: authorId }).where("target_id", "=", threadId).execute());
  });

  it("moves both threads when a reply is moved from one to the other", async () => {
    const postId = await makePost(db, { threadId, authorId });
    const [a, b] = [await rev(threadId), await rev(other)];
    await db.updateTable("posts").set({ thread_id: other, number: 9000 }).where("id", "=", postId).execute();
    expect(await rev(threadId)).toBeGreaterThan(a);
    expect(await rev(other)).toBeGreaterThan(b);
  });

  it("moves each thread once for a bulk load of replies", async () => {
    const before = await rev();
    await sql`
      INSERT INTO posts (thread_id, number, author_id, body_md, body_html, renderer_version)
      SELECT ${threadId}, 1000 + g, ${authorId}, 'x', '<p>x</p>', 1 FROM generate_series(1, 50) g`.execute(db);
    expect(await rev()).toBe(before + 1n);
  });
});
