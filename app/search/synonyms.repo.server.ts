import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";
import { SYNONYMS_TASK } from "../../search/worker";

type Db = Kysely<Database> | Transaction<Database>;

/** Live synonym groups, oldest first. */
export const listSynonymRows = (db: Db) =>
  db.selectFrom("search_synonyms").select(["id", "terms", "created_at"]).where("deleted_at", "is", null).orderBy("id").execute();

/** Live groups sharing a term with `terms`. */
export const synonymRowsWithAny = (db: Db, terms: string[]) =>
  db.selectFrom("search_synonyms").select(["id", "terms"]).where("deleted_at", "is", null).where((eb) => eb("terms", "&&", eb.val(terms))).execute();

export const insertSynonymRow = (db: Db, terms: string[], by: string) =>
  db.insertInto("search_synonyms").values({ terms, created_by: by }).returning("id").executeTakeFirstOrThrow();

/** Soft delete: keeps who removed the group and when. */
export const softDeleteSynonymRow = (db: Db, id: string, by: string) =>
  db.updateTable("search_synonyms").set({ deleted_at: new Date(), deleted_by: by }).where("id", "=", id).where("deleted_at", "is", null)
    .returning(["id", "terms"]).executeTakeFirst();

/** Queues the job that sends the groups to Meilisearch (a no-op without it), in the change's transaction; one pending at a time. */
export const queueSynonymSync = (db: Db) =>
  sql`SELECT graphile_worker.add_job(${SYNONYMS_TASK}, '{}'::json, job_key => ${SYNONYMS_TASK}, max_attempts => 10)`.execute(db);
