import { sql, type Kysely } from "kysely";

// Evaluation nudges for case owners. `case_nudges` is the ledger that makes them idempotent: one
// row per case and nudge key (the key names the condition and the fact it was about, e.g. the
// review date that passed), so a periodic job run twice nudges once. The nudges need to know when
// a case entered its current status and when its outcomes last changed; two columns kept by a
// trigger (whatever path writes the case), backfilled from what the rows already say.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("case_nudges")
    .addColumn("case_id", "bigint", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("case_nudges_pk", ["case_id", "key"])
    .execute();

  await sql`ALTER TABLE cases ADD COLUMN status_since timestamptz, ADD COLUMN outcomes_changed_at timestamptz`.execute(db);
  await sql`UPDATE cases SET status_since = coalesce(published_at, created_at), outcomes_changed_at = CASE WHEN outcomes <> '' THEN updated_at END`.execute(db);
  await sql`
    CREATE FUNCTION cases_nudge_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        NEW.status_since := coalesce(NEW.status_since, now());
        IF NEW.outcomes <> '' THEN NEW.outcomes_changed_at := coalesce(NEW.outcomes_changed_at, now()); END IF;
      ELSE
        IF NEW.status IS DISTINCT FROM OLD.status THEN NEW.status_since := now(); END IF;
        IF NEW.outcomes IS DISTINCT FROM OLD.outcomes THEN NEW.outcomes_changed_at := now(); END IF;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER cases_nudge_facts BEFORE INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION cases_nudge_facts()`.execute(db);
  await sql`CREATE INDEX cases_pilot_idx ON cases (status_since) WHERE status = 'pilot' AND evaluated = 'no' AND state = 'published' AND deleted_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS cases_nudge_facts ON cases`.execute(db);
  await sql`DROP FUNCTION IF EXISTS cases_nudge_facts()`.execute(db);
  await sql`DROP INDEX IF EXISTS cases_pilot_idx`.execute(db);
  await sql`ALTER TABLE cases DROP COLUMN IF EXISTS status_since, DROP COLUMN IF EXISTS outcomes_changed_at`.execute(db);
  await db.schema.dropTable("case_nudges").execute();
}
