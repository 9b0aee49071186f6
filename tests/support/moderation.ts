import type { DB } from "../../db/client";
import { sql } from "kysely";

// Content rows for moderation tests, written directly in SQL so these tests do not depend on
// the forum's and cases' domain functions.

type Vis = "organisation" | "network" | "public";

export async function makeThread(db: DB, o: { orgId: string; authorId: string; visibility?: Vis; title?: string; body?: string; shared?: string[] }) {
  const body = o.body ?? "Hur har ni gjort med AI i kundtjänsten?";
  const row = await db
    .insertInto("threads")
    .values({
      kind: "question", title: o.title ?? "En fråga om AI", slug: "en-fraga", body_md: body, body_html: `<p>${body}</p>`,
      renderer_version: 1, org_id: o.orgId, visibility: o.visibility ?? "network", shared_org_ids: o.shared ?? [], author_id: o.authorId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function makePost(db: DB, o: { threadId: string; authorId: string; body?: string }) {
  const body = o.body ?? "Vi testade en chattbot.";
  const n = await db.selectFrom("posts").select((eb) => eb.fn.countAll<string>().as("n")).where("thread_id", "=", o.threadId).executeTakeFirstOrThrow();
  const row = await db
    .insertInto("posts")
    .values({ thread_id: o.threadId, number: Number(n.n) + 1, author_id: o.authorId, body_md: body, body_html: `<p>${body}</p>`, renderer_version: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function makeCase(db: DB, o: { orgId: string; authorId: string; visibility?: Vis; title?: string; summary?: string; reviewBy?: string; area?: string }) {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO cases (org_id, visibility, state, title, summary, problem, area, review_by, created_by, published_at)
    VALUES (${o.orgId}, ${o.visibility ?? "network"}, 'published', ${o.title ?? "Chattbot i kundtjänst"},
            ${o.summary ?? "En kort sammanfattning."}, 'Många samtal om samma sak.', ${o.area ?? "customer_service"},
            ${o.reviewBy ?? null}, ${o.authorId}, now())
    RETURNING id`.execute(db);
  return String(rows[0].id);
}

export async function makeTag(db: DB, slug: string, area = "customer_service") {
  const row = await db
    .insertInto("tags")
    .values({ slug, name_sv: slug, name_en: slug, area: area as "customer_service", updated_at: new Date() })
    .onConflict((oc) => oc.column("slug").doUpdateSet({ slug }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export const auditRows = (db: DB, targetType: string, targetId: string) =>
  db.selectFrom("audit_log").selectAll().where("target_type", "=", targetType).where("target_id", "=", targetId).orderBy("id").execute();
