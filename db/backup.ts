// Backup and restore with PostgreSQL's own pg_dump and pg_restore (docs/decisions/2026-12-07-backup-and-restore.md).
// The commands (db/cli/backup.ts, db/cli/restore.ts) are thin: they parse arguments, find the
// database (db/cli/with-server.ts) and call these functions, which throw a Refusal with one
// sentence for the operator when something stands in the way.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/** Something the operator must fix (the wrong tool, a non-empty target): one line, exit code 2. */
export class Refusal extends Error {
  readonly exitCode = 2;
}

/** The tool that failed already printed its own error lines: one line of ours follows, exit code 1. */
export class ToolFailed extends Error {
  readonly exitCode = 1;
}

type Tool = "pg_dump" | "pg_restore";
type Env = Record<string, string | undefined>;

/** "postgres://u:pw@host/db" → the URL without the password (kept out of `ps`) and the password. */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = "";
  return { url: u.toString(), password };
}

/** "host:port/database" for messages (never the user or the password). */
export function describeTarget(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** The server's major version (180004 → 18, 150018 → 15). */
export async function serverMajor(url: string): Promise<{ major: number; version: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const r = await client.query<{ num: string; version: string }>(
      "SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version",
    );
    return { major: Math.floor(Number(r.rows[0].num) / 10_000), version: r.rows[0].version.split(" ")[0] };
  } finally {
    await client.end();
  }
}

/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → { major: 15, version: "15.18" }. */
export function parseToolVersion(versionLine: string): { major: number; version: string } | null {
  const m = /\(PostgreSQL\)\s+((\d+)[.\w]*)/.exec(versionLine);
  return m ? { major: Number(m[2]), version: m[1] } : null;
}

const installHint = (tool: Tool, major: number) =>
  `install postgresql-client-${major} (Debian/Ubuntu: from the PostgreSQL project's PGDG apt repository) or set PG_BIN to a folder with ${tool} ${major} or newer`;

/**
 * The tool to run (PG_BIN's, else the one on PATH) once it is known to be at least as new as the
 * server: pg_dump refuses a newer server, and an older pg_restore may not know a newer server's
 * objects. Throws a Refusal naming both versions and what to install.
 */
export function toolFor(tool: Tool, server: { major: number; version: string }, env: Env = process.env): { command: string; version: string } {
  const command = env.PG_BIN ? path.join(env.PG_BIN, tool) : tool;
  if (env.PG_BIN) {
    try {
      accessSync(command, constants.X_OK);
    } catch {
      throw new Refusal(`PG_BIN=${env.PG_BIN} has no ${tool}: ${installHint(tool, server.major)}.`);
    }
  }
  const run = spawnSync(command, ["--version"], { encoding: "utf8" });
  if (run.error || run.status !== 0) {
    throw new Refusal(`${tool} was not found${env.PG_BIN ? ` in PG_BIN=${env.PG_BIN}` : " on PATH"} (PostgreSQL ${server.version} needs ${tool} ${server.major} or newer): ${installHint(tool, server.major)}.`);
  }
  const line = run.stdout.trim();
  const found = parseToolVersion(line);
  if (!found) throw new Refusal(`Could not read the version of ${command} ("${line}"); set PG_BIN to a folder with PostgreSQL ${server.major}'s client tools.`);
  if (found.major < server.major) {
    const where = env.PG_BIN ? `in PG_BIN=${env.PG_BIN}` : "on PATH";
    throw new Refusal(`${tool} ${found.version} (${where}) is older than the PostgreSQL ${server.version} server and cannot ${tool === "pg_dump" ? "back it up" : "restore into it safely"}: ${installHint(tool, server.major)}.`);
  }
  return { command, version: `${tool} ${found.version}` };
}

function run(command: string, args: string[], password: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...(password !== undefined ? { PGPASSWORD: password } : {}) },
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export type BackupResult = { file: string; bytes: number; seconds: number; tool: string; server: string };

/**
 * Dumps the database at `url` to `file` in pg_dump's custom format. The dump goes to a temporary
 * file beside it and is renamed into place only when pg_dump succeeded, so `file` is either the
 * previous backup or a complete new one, never half of one.
 */
export async function backup(url: string, file: string, env: Env = process.env): Promise<BackupResult> {
  const started = Date.now();
  const server = await serverMajor(url);
  const tool = toolFor("pg_dump", server, env);
  const target = path.resolve(file);
  if (!existsSync(path.dirname(target))) throw new Refusal(`The folder ${path.dirname(target)} does not exist; create it first or choose another file.`);
  if (existsSync(target) && statSync(target).isDirectory()) throw new Refusal(`${target} is a folder; name the backup file, e.g. ${path.join(target, "allmanning.dump")}.`);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}`);
  const removeTemp = () => rmSync(temp, { force: true });
  // Ctrl-C or a stop also reaches pg_dump (same process group); leave no partial file behind.
  const interrupted = (signal: NodeJS.Signals) => {
    removeTemp();
    console.error(`Backup interrupted (${signal}); no backup was written.`);
    process.exit(130);
  };
  process.once("exit", removeTemp);
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    const { url: noPassword, password } = splitPassword(url);
    const code = await run(tool.command, ["--format=custom", "--no-password", `--file=${temp}`, `--dbname=${noPassword}`], password);
    if (code !== 0) throw new ToolFailed(`pg_dump exited with code ${code} (its message is above); no backup was written.`);
    renameSync(temp, target);
  } finally {
    removeTemp();
    process.removeListener("exit", removeTemp);
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
  }
  return { file: target, bytes: statSync(target).size, seconds: (Date.now() - started) / 1000, tool: tool.version, server: server.version };
}

/** Tables, views and sequences outside PostgreSQL's own schemas: 0 means an empty database. */
export async function relationCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`,
    );
    return Number(r.rows[0].n);
  } finally {
    await client.end();
  }
}

export type RestoreResult = { file: string; seconds: number; tool: string; server: string; replaced: boolean };

/**
 * Restores a custom-format backup into the database at `url` in one transaction (a failure leaves
 * the target as it was). An empty target only, unless `force`: then the backup's objects are
 * dropped and recreated (pg_restore --clean) and anything else in the database stays.
 */
export async function restore(url: string, file: string, opts: { force: boolean }, env: Env = process.env): Promise<RestoreResult> {
  const started = Date.now();
  const source = path.resolve(file);
  if (!existsSync(source)) throw new Refusal(`There is no backup file ${source}.`);
  const server = await serverMajor(url);
  const tool = toolFor("pg_restore", server, env);
  // Read the archive's table of contents first: a file that is not a backup, or one written by
  // a newer pg_dump, is refused before the target is touched.
  const list = spawnSync(tool.command, ["--list", source], { encoding: "utf8" });
  if (list.status !== 0) {
    throw new Refusal(`${source} is not a backup this pg_restore can read (${(list.stderr || "").trim().split("\n")[0] || `exit ${list.status}`}).`);
  }
  const existing = await relationCount(url);
  if (existing > 0 && !opts.force) {
    throw new Refusal(
      `The database ${describeTarget(url)} is not empty (${existing} tables, views or sequences); nothing was restored. ` +
        "Restore into a new, empty database, or add --force to drop and recreate what the backup contains.",
    );
  }
  const { url: noPassword, password } = splitPassword(url);
  const code = await run(
    tool.command,
    ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--no-password", `--dbname=${noPassword}`, source],
    password,
  );
  if (code !== 0) throw new ToolFailed(`pg_restore exited with code ${code} (its message is above); the restore was rolled back and the database is as it was.`);
  return { file: source, seconds: (Date.now() - started) / 1000, tool: tool.version, server: server.version, replaced: existing > 0 };
}

/** 1234567 → "1.2 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) (v /= 1024), i++;
  return `${v.toFixed(1)} ${units[i]}`;
}
