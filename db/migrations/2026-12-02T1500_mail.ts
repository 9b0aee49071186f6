import { sql, type Kysely } from "kysely";

// E-mail (issue 11). Per person and notification kind, how mail is wanted: immediately, in the
// daily or weekly digest, or never (no row = the default for the kind, set in app code). Every
// choice is also appended to mail_consents with its time and where it was made (settings page or
// an unsubscribe link), so consent can be shown later. The mail outbox holds one row per mail to
// send (an immediate notification or a digest), unique per person and dedupe key, so a retried
// subscriber or digest run never mails twice; the send job marks it sent or failed for good.
// digest_runs remembers each person's last digest per cadence ("what is new since").
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_preferences")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("cadence", "text", (c) => c.notNull().check(sql`cadence IN ('immediately','daily','weekly','never')`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("mail_preferences_pk", ["user_id", "kind"])
    .execute();
  await db.schema
    .createTable("mail_consents")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("cadence", "text", (c) => c.notNull().check(sql`cadence IN ('immediately','daily','weekly','never')`))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source IN ('settings','unsubscribe')`))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX mail_consents_user_idx ON mail_consents (user_id, recorded_at DESC)`.execute(db);
  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull().check(sql`type IN ('notification','digest')`))
    .addColumn("dedupe_key", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addColumn("skipped_at", "timestamptz")
    .addColumn("failed_at", "timestamptz")
    .addColumn("error", "text")
    .execute();
  await sql`CREATE UNIQUE INDEX mail_outbox_dedupe_idx ON mail_outbox (user_id, dedupe_key)`.execute(db);
  await db.schema
    .createTable("digest_runs")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("cadence", "text", (c) => c.notNull().check(sql`cadence IN ('daily','weekly')`))
    .addColumn("last_run_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("digest_runs_pk", ["user_id", "cadence"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["digest_runs", "mail_outbox", "mail_consents", "mail_preferences"]) await db.schema.dropTable(t).ifExists().execute();
}
