import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import { statementName, type DB } from "../../db/client";
import { freshDatabase } from "../support/db";

// db/client.ts names the app's one-statement queries so each connection parses and plans them
// once (docs/decisions/2026-12-08-prepared-statements.md). Checked in PostgreSQL itself: its
// pg_prepared_statements view lists what the connection holds.

let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
});
afterAll(async () => destroy());

/** The statements one connection holds (a transaction or `db.connection()` keeps one connection). */
const preparedOn = (conn: Kysely<Database>) =>
  sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(conn).then((r) => r.rows);

describe("prepared statements", () => {
  it("names one-statement queries by their text and leaves control, DDL and scripts unnamed", () => {
    const a = statementName('select "id" from "users" where "email" = $1');
    expect(a).toMatch(/^k[A-Za-z0-9_-]{22}$/);
    expect(statementName('select "id" from "users" where "email" = $1')).toBe(a);
    expect(statementName('select "id" from "users" where "handle" = $1')).not.toBe(a);
    expect(statementName("  WITH x AS (SELECT 1) SELECT * FROM x")).not.toBeNull();
    expect(statementName("(select 1) union (select 2)")).not.toBeNull();
    for (const text of ["begin", "commit", "rollback", "LISTEN allmanning_live", "CREATE TABLE t (id int)", "SET LOCAL statement_timeout = 100", "select 1; select 2", "SELECT pg_sleep(0);"]) {
      expect(statementName(text), text).toBeNull();
    }
  });

  it("parses a query once per connection and reuses it; transaction control is never prepared", async () => {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 7; i++) {
        const row = await trx.selectFrom("organisations").select(sql<number>`${i}::int + 1`.as("n")).where("id", "=", "-1").executeTakeFirst();
        expect(row).toBeUndefined();
      }
      const held = await preparedOn(trx);
      const mine = held.filter((s) => s.statement.includes('from "organisations"'));
      expect(mine).toHaveLength(1); // seven runs, one statement
      expect(held.some((s) => /^\s*(begin|commit)/i.test(s.statement))).toBe(false);
      // The view's own query is named too: it is an ordinary SELECT.
      expect(held.some((s) => s.statement.includes("pg_prepared_statements"))).toBe(true);
    });
  });

  it("answers again after a migration changes the result of a `select *` it had prepared", async () => {
    await sql`CREATE TABLE prep_probe (id int)`.execute(db);
    await sql`INSERT INTO prep_probe VALUES (1)`.execute(db);
    await db.connection().execute(async (conn) => {
      const read = () => conn.executeQuery(sql<Record<string, unknown>>`SELECT * FROM prep_probe WHERE id = ${1}`.compile(conn));
      expect((await read()).rows).toEqual([{ id: 1 }]);
      expect((await preparedOn(conn)).some((s) => s.statement.includes("prep_probe"))).toBe(true);
      await sql`ALTER TABLE prep_probe ADD COLUMN note text`.execute(conn);
      // PostgreSQL refuses the plan it had cached for the old shape (0A000): that one run fails …
      await expect(read()).rejects.toMatchObject({ code: "0A000" });
      // … and the text goes unnamed from then on, on this connection and every other.
      expect((await read()).rows).toEqual([{ id: 1, note: null }]);
    });
    const again = await sql<Record<string, unknown>>`SELECT * FROM prep_probe WHERE id = ${1}`.execute(db);
    expect(again.rows).toEqual([{ id: 1, note: null }]);
  });
});
