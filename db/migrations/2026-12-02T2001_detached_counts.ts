import { sql, type Kysely } from "kysely";

// Erasure by anonymisation keeps votes and "me too" marks as counts only: the rows that tie a
// person to a post or question are deleted, and these columns remember how many there were, so
// the shown counts (recounted from the rows on every change) stay the same.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE posts ADD COLUMN detached_votes integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE threads ADD COLUMN detached_me_too integer NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE posts DROP COLUMN IF EXISTS detached_votes`.execute(db);
  await sql`ALTER TABLE threads DROP COLUMN IF EXISTS detached_me_too`.execute(db);
}
