import { sql, type Kysely } from "kysely";

// One row per accepted form submission: the token the form was rendered with, scoped to who sent
// it and to the form, plus a fingerprint of what was sent. Inserted in the same transaction as
// the write it guards, so a second identical submission waits for the first and then finds its
// result instead of writing again. Rows are only needed for a short while (housekeeping purges).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("submission_keys")
    .addColumn("actor", "text", (c) => c.notNull()) // a user id, or 'anonymous' (sign-up)
    .addColumn("form", "text", (c) => c.notNull())
    .addColumn("token", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("result", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("submission_keys_pkey", ["actor", "form", "token", "fingerprint"])
    .execute();
  await sql`CREATE INDEX submission_keys_created_idx ON submission_keys (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("submission_keys").execute();
}
