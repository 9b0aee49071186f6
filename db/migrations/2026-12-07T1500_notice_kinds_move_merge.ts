import { sql, type Kysely } from "kysely";

// Issue 16 item 7: authors are told when their thread is moved or merged into another question.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE moderation_notices DROP CONSTRAINT moderation_notices_kind_check`.execute(db);
  await sql`ALTER TABLE moderation_notices ADD CONSTRAINT moderation_notices_kind_check
    CHECK (kind IN ('hidden','restored','edited','redacted','locked','moved','merged'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE moderation_notices DROP CONSTRAINT moderation_notices_kind_check`.execute(db);
  await sql`ALTER TABLE moderation_notices ADD CONSTRAINT moderation_notices_kind_check
    CHECK (kind IN ('hidden','restored','edited','redacted','locked'))`.execute(db);
}
