import { sql, type Kysely } from "kysely";

// Webhooks (issue 14): organisation endpoints, the messages sent to them (one per endpoint and
// event, so a re-run subscriber queues nothing twice) and every delivery attempt with its status
// and response time (the delivery log; retention RETENTION_WEBHOOK_LOG_DAYS).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("events", sql`text[]`, (c) => c.notNull())
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("disabled_at", "timestamptz")
    .addColumn("disabled_reason", "text")
    .addColumn("created_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("deleted_at", "timestamptz")
    .addColumn("deleted_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await sql`CREATE INDEX webhook_endpoints_live_idx ON webhook_endpoints (org_id) WHERE deleted_at IS NULL`.execute(db);

  // A network admin's per-organisation switch for on-premises receivers on private addresses.
  await db.schema
    .createTable("webhook_org_settings")
    .addColumn("org_id", "bigint", (c) => c.primaryKey().references("organisations.id").onDelete("cascade"))
    .addColumn("allow_private", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("webhook_messages")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("endpoint_id", "bigint", (c) => c.notNull().references("webhook_endpoints.id").onDelete("cascade"))
    .addColumn("event_id", "bigint", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("pending").check(sql`state IN ('pending','delivered','failed','skipped')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addUniqueConstraint("webhook_messages_once", ["endpoint_id", "event_id"])
    .execute();
  await sql`CREATE INDEX webhook_messages_endpoint_idx ON webhook_messages (endpoint_id, id DESC)`.execute(db);

  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("message_id", "bigint", (c) => c.notNull().references("webhook_messages.id").onDelete("cascade"))
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("ok", "boolean", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX webhook_attempts_message_idx ON webhook_attempts (message_id, id)`.execute(db);
  await sql`CREATE INDEX webhook_attempts_created_idx ON webhook_attempts (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("webhook_attempts").execute();
  await db.schema.dropTable("webhook_messages").execute();
  await db.schema.dropTable("webhook_org_settings").execute();
  await db.schema.dropTable("webhook_endpoints").execute();
}
