import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { createThread } from "../../app/forum/threads.server";
import { reply, vote } from "../../app/forum/posts.server";
import { acceptAnswer } from "../../app/forum/qa.server";
import type { Audience } from "../../app/forum/types";

// Helpers for profile, expertise and routing tests: questions and answers through the domain.

const ctx = (db: DB, viewer: Viewer, now = new Date()) => ({ db, viewer, now });

export async function ask(db: DB, asker: Viewer, orgId: string, o: { title?: string; tags?: string[]; audience?: Audience; sharedOrgIds?: string[]; now?: Date } = {}) {
  const r = await createThread(ctx(db, asker, o.now), {
    kind: "question", title: o.title ?? "Hur gör ni med AI-stöd?", body: "Vi undrar.", tags: o.tags ?? ["copilot"], orgId,
    audience: o.audience ?? "network", sharedOrgIds: o.sharedOrgIds ?? [],
  });
  if (!r.ok) throw new Error(`ask failed: ${JSON.stringify(r)}`);
  return r;
}

/** An answer by `answerer`, optionally accepted by the asker and marked helpful by `voters`. */
export async function answer(db: DB, threadId: string, answerer: Viewer, o: { acceptBy?: Viewer; voters?: Viewer[]; body?: string } = {}) {
  const r = await reply(ctx(db, answerer), threadId, { body: o.body ?? "Så här gör vi." });
  if (!r.ok) throw new Error(`answer failed: ${JSON.stringify(r)}`);
  for (const v of o.voters ?? []) {
    const done = await vote(ctx(db, v), r.id, true);
    if (!done.ok) throw new Error("vote failed");
  }
  if (o.acceptBy) {
    const done = await acceptAnswer(ctx(db, o.acceptBy), threadId, r.id);
    if (!done.ok) throw new Error("accept failed");
  }
  return r;
}
