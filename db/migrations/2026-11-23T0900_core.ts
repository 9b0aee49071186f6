import { sql, type Kysely } from "kysely";

// Organisations, people and memberships: the scope every permission is computed from.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);

  await db.schema
    .createTable("organisations")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind IN ('region','municipality','agency','company','research_institute')`),
    )
    .addColumn("email_domains", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX organisations_domains_idx ON organisations USING gin (email_domains)`.execute(db);

  await db.schema
    .createTable("users")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("handle", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("locale", "text", (c) => c.check(sql`locale IN ('sv','en')`))
    .addColumn("password_hash", "text")
    .addColumn("primary_org_id", "bigint", (c) => c.references("organisations.id"))
    .addColumn("network_role", "text", (c) => c.check(sql`network_role IN ('moderator','admin')`))
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("deactivated_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX users_email_lower_idx ON users (lower(email))`.execute(db);

  await db.schema
    .createTable("memberships")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role IN ('member','ambassador','moderator','admin')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("memberships_pk", ["user_id", "org_id"])
    .execute();
  await db.schema.createIndex("memberships_org_idx").on("memberships").column("org_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("memberships").execute();
  await db.schema.dropTable("users").execute();
  await db.schema.dropTable("organisations").execute();
}
