import { sql, type Kysely } from "kysely";

// Issue 16 item 7: a duplicate question merged into another keeps its row (removed), pointing
// at the thread its answers went to, so its old address can redirect there.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE threads ADD COLUMN merged_into_id bigint REFERENCES threads(id) ON DELETE SET NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE threads DROP COLUMN merged_into_id`.execute(db);
}
