import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";

type Q = Kysely<Database> | Transaction<Database>;

// All SQL for evaluation nudges: the conditions (published, live cases only) and the ledger.

const live = (c: string) => sql<boolean>`(${sql.ref(`${c}.state`)} = 'published' AND ${sql.ref(`${c}.deleted_at`)} IS NULL AND ${sql.ref(`${c}.hidden_at`)} IS NULL)`;
const caseCols = ["c.id", "c.title", "c.org_id", "c.visibility", "c.shared_org_ids", "c.state", "c.hidden_at", "c.deleted_at", "c.created_by", "c.contact_user_id"] as const;

/** Cases whose review-by date is before `today` ("YYYY-MM-DD", Stockholm). */
export function reviewOverdue(db: Q, today: string) {
  return db.selectFrom("cases as c").select([...caseCols, sql<string>`to_char(c.review_by, 'YYYY-MM-DD')`.as("review_by")])
    .where(() => live("c")).where("c.review_by", "<", today as never).orderBy("c.id").execute();
}

/** Cases in Pilot since before `since` whose "evaluated?" answer is still "no". */
export function pilotUnevaluated(db: Q, since: Date) {
  return db.selectFrom("cases as c").select([...caseCols, "c.status_since"])
    .where(() => live("c")).where("c.status", "=", "pilot").where("c.evaluated", "=", "no").where("c.status_since", "<=", since)
    .orderBy("c.id").execute();
}

/** Adoptions with an outcome (a note) recorded after the case's outcomes last changed. */
export function outcomesToFollow(db: Q) {
  return db.selectFrom("adoptions as a").innerJoin("cases as c", "c.id", "a.case_id").innerJoin("organisations as o", "o.id", "a.org_id")
    .select([...caseCols, "a.id as adoption_id", "a.updated_at as adoption_updated_at", "o.name as adopter_name"])
    .where(() => live("c")).where("a.note", "<>", "")
    .where(sql<boolean>`a.updated_at > coalesce(c.outcomes_changed_at, c.published_at, c.created_at)`)
    .orderBy("a.id").execute();
}

/** Claims a nudge in the ledger; false when it was already sent (the dedupe). */
export async function claimNudge(trx: Q, caseId: string, key: string, at: Date): Promise<boolean> {
  const r = await trx.insertInto("case_nudges").values({ case_id: caseId, key, created_at: at })
    .onConflict((oc) => oc.columns(["case_id", "key"]).doNothing()).returning("key").executeTakeFirst();
  return Boolean(r);
}
