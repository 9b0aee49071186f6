import { sql, type Kysely } from "kysely";

// Helpful votes, "we have this question too", watchers, and a simple notifications inbox
// (the notification capability builds delivery on top of these rows).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("votes")
    .addColumn("post_id", "bigint", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("votes_pk", ["post_id", "user_id"])
    .execute();

  await db.schema
    .createTable("question_followers")
    .addColumn("thread_id", "bigint", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("question_followers_pk", ["thread_id", "user_id"])
    .execute();

  await db.schema
    .createTable("thread_watchers")
    .addColumn("thread_id", "bigint", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("thread_watchers_pk", ["thread_id", "user_id"])
    .execute();
  await db.schema.createIndex("thread_watchers_user_idx").on("thread_watchers").columns(["user_id", "thread_id"]).execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("thread_id", "bigint", (c) => c.references("threads.id").onDelete("cascade"))
    .addColumn("post_id", "bigint", (c) => c.references("posts.id").onDelete("cascade"))
    .addColumn("actor_id", "bigint", (c) => c.references("users.id"))
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("read_at", "timestamptz")
    .execute();
  await db.schema.createIndex("notifications_user_idx").on("notifications").columns(["user_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notifications").execute();
  await db.schema.dropTable("thread_watchers").execute();
  await db.schema.dropTable("question_followers").execute();
  await db.schema.dropTable("votes").execute();
}
