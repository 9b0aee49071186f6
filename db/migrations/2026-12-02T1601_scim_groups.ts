import { sql, type Kysely } from "kysely";

// SCIM 2.0 Groups (Entra ID's group provisioning) per organisation, and their members. A group's
// display name or external id (Entra's object id) is looked up in the organisation's provider
// role mapping, so group membership can carry organisation roles.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("scim_groups")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("external_id", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX scim_groups_org_name_idx ON scim_groups (org_id, lower(display_name))`.execute(db);
  await db.schema
    .createTable("scim_group_members")
    .addColumn("group_id", "bigint", (c) => c.notNull().references("scim_groups.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("scim_group_members_pkey", ["group_id", "user_id"])
    .execute();
  await sql`CREATE INDEX scim_group_members_user_idx ON scim_group_members (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("scim_group_members").execute();
  await db.schema.dropTable("scim_groups").execute();
}
