import { sql, type Kysely } from "kysely";

// A revision of what search can answer, for the guest search page cache (app/lib/page-cache.server.ts).
// Every statement that changes search_documents or search_synonyms appends a row here, in its own
// transaction: readers see it exactly when the change commits, and appends never wait for each
// other (no shared counter row to lock). The revision is (max id, count): a transaction that took
// a lower id but commits later still changes the count. Rows older than an hour are pruned
// (app/lib/housekeeping.server.ts), which also changes the revision (one miss).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("search_changes")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`
    CREATE FUNCTION search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_changes DEFAULT VALUES;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of ["search_documents", "search_synonyms"]) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_changed`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
              FOR EACH STATEMENT EXECUTE FUNCTION search_changed()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["search_documents", "search_synonyms"]) await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_changed`)} ON ${sql.table(table)}`.execute(db);
  await sql`DROP FUNCTION IF EXISTS search_changed()`.execute(db);
  await db.schema.dropTable("search_changes").ifExists().execute();
}
