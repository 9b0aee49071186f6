import { sql, type Kysely } from "kysely";

// The audit log stays append-only for every ordinary write, with two exceptions the law asks
// for (issue 14): retention deletes entries older than RETENTION_AUDIT_DAYS, and erasure by
// anonymisation replaces an erased person's name and address in entries that quote them. Both
// run in a transaction that first sets allmanning.audit_maintenance = 'on' with set_config(…, true)
// (transaction-local, so it cannot leak to another statement on the connection). TRUNCATE stays
// refused always.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND current_setting('allmanning.audit_maintenance', true) = 'on' THEN
        RETURN NULL;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only';
    END $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$`.execute(db);
}
