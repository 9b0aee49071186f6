import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";

type Q = Kysely<Database> | Transaction<Database>;

// All SQL for routing questions to people: the ledger (question_routes) and what the job reads.

/**
 * Open questions old enough to route (the caller applies the working-day rule): live, unsolved,
 * no live reply from anyone but the asker, never routed, and not older than `notBefore`.
 */
export function routableQuestions(db: Q, createdBefore: Date, notBefore: Date, limit: number) {
  return db.selectFrom("threads as t")
    .select(["t.id", "t.title", "t.org_id", "t.visibility", "t.shared_org_ids", "t.author_id", "t.kind", "t.hidden_at", "t.deleted_at", "t.locked_at", "t.created_at"])
    .where("t.kind", "=", "question").where("t.accepted_post_id", "is", null)
    .where("t.deleted_at", "is", null).where("t.hidden_at", "is", null).where("t.locked_at", "is", null)
    .where("t.created_at", "<=", createdBefore).where("t.created_at", ">", notBefore)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("question_routes as r").select(sql`1`.as("x")).whereRef("r.thread_id", "=", "t.id"))))
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom("posts as p").select(sql`1`.as("x")).whereRef("p.thread_id", "=", "t.id").whereRef("p.author_id", "<>", "t.author_id")
        .where("p.deleted_at", "is", null).where("p.hidden_at", "is", null),
    )))
    .orderBy("t.created_at").orderBy("t.id").limit(limit).execute();
}

export async function threadTagIds(db: Q, threadId: string): Promise<string[]> {
  const rows = await db.selectFrom("thread_tags").select("tag_id").where("thread_id", "=", threadId).execute();
  return rows.map((r) => r.tag_id);
}

/** How many questions each person was sent since `since` (the weekly cap). */
export async function routeCountsSince(db: Q, userIds: string[], since: Date): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await db.selectFrom("question_routes").select(["user_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("user_id", "in", userIds).where("routed_at", ">", since).groupBy("user_id").execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/** Records the routes; a person already routed this question is skipped (primary key). Returns who is new. */
export async function insertRoutes(trx: Q, threadId: string, userIds: string[], tagIds: string[], at: Date): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await trx.insertInto("question_routes")
    .values(userIds.map((user_id) => ({ thread_id: threadId, user_id, tag_ids: tagIds, routed_at: at })))
    .onConflict((oc) => oc.columns(["thread_id", "user_id"]).doNothing())
    .returning("user_id").execute();
  return rows.map((r) => r.user_id);
}

/** Serialises routing runs (two workers never route the same question, nor break a cap, at once). */
export async function lockRouting(trx: Transaction<Database>) {
  await sql`SELECT pg_advisory_xact_lock(hashtext('allmanning:route_questions'))`.execute(trx);
}

/** How many people a question was sent to, and the tags they know (the question page shows both). */
export async function routeSummary(db: Q, threadId: string) {
  const r = await sql<{ n: string; tag_ids: string[] | null }>`
    SELECT count(*) AS n, (SELECT array_agg(DISTINCT x) FROM question_routes q, unnest(q.tag_ids) x WHERE q.thread_id = ${threadId}::bigint) AS tag_ids
      FROM question_routes WHERE thread_id = ${threadId}::bigint`.execute(db);
  const row = r.rows[0];
  const tagIds = row?.tag_ids ?? [];
  const tags = tagIds.length
    ? await db.selectFrom("tags").select(["slug", "name_sv", "name_en"]).where("id", "in", tagIds).orderBy("slug").execute()
    : [];
  return { count: Number(row?.n ?? 0), tags };
}

/** Digest hook: the questions routed to a person since `since` (the digest lists them under "questions in your areas"). */
export function routedToSince(db: Q, userId: string, since: Date) {
  return db.selectFrom("question_routes").select(["thread_id", "routed_at"]).where("user_id", "=", userId).where("routed_at", ">", since).orderBy("routed_at").execute();
}
