import { sql, type Kysely } from "kysely";

// The item's page (/t/<id>-<slug>#p<n>, /cases/<id>-<slug>). Part of 1300 since its first commit;
// this brings databases migrated with an earlier draft of 1300 up to date.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_documents ADD COLUMN IF NOT EXISTS path text NOT NULL DEFAULT ''`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // The column belongs to 1300; nothing to undo.
}
