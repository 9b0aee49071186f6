import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { isConnectionError } from "../client";
import { embeddedUrl, localEmbeddedServer, startEmbeddedPostgres } from "../embedded";
import { Refusal, ToolFailed } from "../backup";

/**
 * (db/cli/with-database.ts is the same idea for migrate and seed, which always start the server
 * and want a Kysely handle; this one reuses a running `npm start` server and turns refusals into
 * exit codes, which a backup needs.)
 * Runs `fn` with the URL of the database to back up or restore: DATABASE_URL, or else the local
 * embedded server (PG_DATA_DIR, PG_PORT; the same defaults as `npm start`). An embedded server
 * that `npm start` is running is used as it is; otherwise it is started for the command and
 * stopped afterwards. Refusals and tool failures end the process with their one line and exit
 * code (2 or 1), never with a stack trace.
 */
export async function withServer(opts: { needsData: boolean }, fn: (url: string) => Promise<void>): Promise<void> {
  let stop: (() => Promise<void>) | null = null;
  try {
    let url = process.env.DATABASE_URL;
    if (!url) {
      const local = localEmbeddedServer();
      const dataDir = path.resolve(local.dataDir);
      const port = local.port;
      url = embeddedUrl(port);
      if (!(await answers(url))) {
        if (opts.needsData && !existsSync(path.join(dataDir, "PG_VERSION"))) {
          throw new Refusal(`No DATABASE_URL, and no embedded PostgreSQL data in ${dataDir} (PG_DATA_DIR): there is nothing to back up.`);
        }
        console.log(`Starting embedded PostgreSQL in ${dataDir} on 127.0.0.1:${port} …`);
        const embedded = await startEmbeddedPostgres({ dataDir, port, quiet: true });
        stop = embedded.stop;
        url = embedded.url;
      }
    }
    await fn(url);
  } catch (e) {
    if (e instanceof Refusal || e instanceof ToolFailed) {
      console.error(e.message);
      process.exitCode = e.exitCode;
    } else if (isConnectionError(e)) {
      console.error(`Could not reach PostgreSQL (${(e as Error).message}); check DATABASE_URL, or PG_PORT for the embedded server.`);
      process.exitCode = 1;
    } else {
      throw e;
    }
  } finally {
    await stop?.();
  }
}

/** Whether a PostgreSQL answers at `url` (false only when nothing listens there). */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (e) {
    if (isConnectionError(e)) return false;
    throw e;
  }
}
