// Production server: Express + Remix. Stateless: sessions, jobs and blobs live in PostgreSQL.
//   node build/server.mjs          everything in one process (npm start): an embedded PostgreSQL when
//                                DATABASE_URL is unset, migrations, seed of an empty database, jobs, HTTP
//   node build/server.mjs web      HTTP only, any number of instances (refuses to start on an old schema)
//   node build/server.mjs worker   background jobs only, any number (graphile-worker does the locking)
//   node build/server.mjs migrate  runs the migrations once (per deploy) and exits
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { demoBindCheck, loadEnv } from "./app/lib/env.server";
import { startEmbeddedPostgres, type EmbeddedServer } from "./db/embedded";
import { closeDb, getDb, noteDatabaseError } from "./db/client";
import { migrateToLatest } from "./db/migrate";
import { revokeDemoPasswords, seedIfEmpty } from "./db/seed";
import { buildContext } from "./app/lib/context.server";
import { appOriginOf, contentSecurityPolicy, isCrossSiteWrite, SECURITY_HEADERS } from "./app/lib/security.server";
import { assertMailConfigured } from "./app/lib/mail.server";
import { startBackgroundJobs, type BackgroundJobs } from "./app/lib/jobs.server";
import { pageCache, PageStore, type ContextResult } from "./app/lib/page-cache.server";
import { databaseErrors, databaseGate } from "./app/lib/unavailable.server";
import { endLiveStreams, liveEvents } from "./app/events/sse.server";
import { urlHygiene } from "./app/lib/url-hygiene.server";
import { pendingMigrations } from "./db/migrate";
import { readiness } from "./app/ops/readiness.server";
import { installCollectors, metricsEndpoint } from "./app/ops/metrics.server";
import { requestLog, routeLabeller } from "./app/ops/request-log.server";
import { attachmentDownloads } from "./app/attachments/serve.server";

type Role = "all" | "web" | "worker" | "migrate";
const ROLES = ["web", "worker", "migrate"] as const;
const role: Role = ROLES.find((r) => process.argv.slice(2).includes(r)) ?? "all";

// `npm start` passes --local-demo: on a fresh checkout (no DATABASE_URL, DEMO_MODE unset) that
// is the local demo. Anything else (a deployment, `node build/server.mjs`) gets demo mode only when asked.
if (process.argv.includes("--local-demo") && !process.env.DATABASE_URL && process.env.DEMO_MODE === undefined && cluster.isPrimary) {
  process.env.DEMO_MODE = "1";
  console.log("Demo mode on for the local demo (npm start without DATABASE_URL); DEMO_MODE=0 turns it off.");
}
const env = loadEnv();
process.env.DEMO_MODE = env.DEMO_MODE ? "1" : "0";
if (cluster.isPrimary) {
  try {
    for (const line of demoBindCheck(env)) console.warn(line);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
const started = Date.now();
// WEB_CONCURRENCY > 1: the first process prepares the database and runs the job worker, then
// forks that many HTTP processes sharing the port (the app is stateless, so they need nothing
// from each other). Otherwise one process does everything.
const httpWorker = cluster.isWorker;
const forks = cluster.isPrimary && env.WEB_CONCURRENCY > 1 ? env.WEB_CONCURRENCY : 0;
let embedded: EmbeddedServer | null = null;
let jobs: BackgroundJobs | null = null;
let stopping = false;
let server: Server | null = null;
let metricsServer: Server | null = null;
// Set at the first stop signal: new requests get 503 while the ones in flight finish.
let draining = false;
// Signals are handled from the start, so a stop during migration or seeding still stops the
// embedded PostgreSQL (SIGHUP too: a closed terminal must not leave it running).
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => void shutdown(signal));
// The process outlives its database: a connection error that escapes every handler (a pg client
// event, a background job's promise) is an outage, noted and ridden out. Anything else still ends
// the process, as Node would, but through the shutdown that stops the embedded PostgreSQL.
for (const event of ["unhandledRejection", "uncaughtException"] as const) {
  process.on(event, (error: unknown) => {
    if (noteDatabaseError(error)) return;
    console.error(`${event}:`, error);
    void shutdown(event, 1);
  });
}

if (!httpWorker && role !== "all" && !env.DATABASE_URL) {
  console.error(`'${role}' needs DATABASE_URL (the separate commands are for deployments with their own PostgreSQL; npm start runs everything locally).`);
  process.exit(1);
}

if (!httpWorker && role === "migrate") {
  const db = getDb();
  await migrateToLatest(db, (m) => console.log(m));
  console.log(`migrations are current (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  await closeDb();
  process.exit(0);
}

if (!httpWorker && (role === "web" || role === "worker")) {
  // Only `migrate` changes the schema; an instance of newer code on an older schema waits for it.
  const pending = await pendingMigrations(getDb());
  if (pending.length) {
    console.error(`Refusing to start '${role}': ${pending.length} migration(s) have not run (${pending.join(", ")}). Run the migrate command first.`);
    process.exit(1);
  }
  if (role === "worker") {
    jobs = await startBackgroundJobs(getDb());
    console.log(`Allmänning worker is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

if (!httpWorker && role === "all") {
  // In production without SMTP (and outside demo mode) invitations and resets could not be sent.
  assertMailConfigured();
  if (!env.DATABASE_URL) {
    if (env.NODE_ENV === "production" && !env.DEMO_MODE) {
      console.warn(
        `No DATABASE_URL: using an embedded PostgreSQL in ${path.resolve(env.PG_DATA_DIR)} (127.0.0.1:${env.PG_PORT}), ` +
          "started and stopped by this process. It is not for production (no backups, no monitoring, one machine): set DATABASE_URL.",
      );
    }
    console.log(`Starting embedded PostgreSQL in ${env.PG_DATA_DIR} on 127.0.0.1:${env.PG_PORT} …`);
    embedded = await startEmbeddedPostgres({ dataDir: env.PG_DATA_DIR, port: env.PG_PORT });
    superviseEmbedded(embedded);
    process.env.DATABASE_URL = embedded.url;
  }
  const db = getDb();
  await migrateToLatest(db, (m) => console.log(m));
  if (env.SEED !== "never") await seedIfEmpty(db, { demo: env.DEMO_MODE, log: (m) => console.log(m) });
  if (!env.DEMO_MODE) {
    const closed = await revokeDemoPasswords(db);
    if (closed > 0) console.warn(`Demo mode is off: removed the demo password (and sessions) from ${closed} seeded accounts; they can set one via /reset.`);
  }
  jobs = await startBackgroundJobs(db);
}

/**
 * The embedded PostgreSQL is this process's child: if it dies (killed, crashed) start it again on
 * the same data. Meanwhile pages answer 503 and recover by themselves once it is back.
 */
function superviseEmbedded(server: EmbeddedServer) {
  server.onUnexpectedExit((code) => {
    if (stopping) return;
    console.error(`Embedded PostgreSQL (pid ${server.pid}) exited unexpectedly (${code}); starting it again …`);
    const again = async (attempt: number): Promise<void> => {
      if (stopping) return;
      try {
        embedded = await startEmbeddedPostgres({ dataDir: env.PG_DATA_DIR, port: env.PG_PORT });
        superviseEmbedded(embedded);
        console.log(`Embedded PostgreSQL is back (pid ${embedded.pid}).`);
      } catch (e) {
        console.error(`Embedded PostgreSQL did not start again: ${(e as Error)?.message ?? e}`);
        setTimeout(() => void again(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt)).unref();
      }
    };
    void again(0);
  });
}

if (role !== "worker") {
  if (forks) await startForks(forks);
  else server = await serve();
}
if (!httpWorker && env.METRICS_PORT) metricsServer = serveMetrics(env.METRICS_PORT);

/** Metrics on a port of their own (bind METRICS_HOST to a private address); no token needed there. */
function serveMetrics(port: number): Server {
  installCollectors(getDb());
  const app = express();
  app.disable("x-powered-by");
  app.use(metricsEndpoint({ open: true }));
  return app.listen(port, env.METRICS_HOST, () => console.log(`metrics at http://${env.METRICS_HOST}:${port}/metrics`));
}

async function startForks(n: number) {
  let ready = 0;
  let restarts = 0;
  await new Promise<void>((resolve, reject) => {
    cluster.on("listening", () => {
      if (++ready === n) resolve();
    });
    cluster.on("exit", (worker, code) => {
      if (stopping) return;
      // One that dies before serving would die again: stop rather than wait forever.
      if (ready < n) return reject(new Error(`HTTP process ${worker.process.pid} exited (${code}) while starting`));
      restarts++;
      const wait = Math.min(30_000, 500 * 2 ** Math.min(restarts, 6));
      console.error(`HTTP process ${worker.process.pid} exited (${code}); starting another in ${wait} ms`);
      setTimeout(() => !stopping && cluster.fork(), wait).unref();
    });
    for (let i = 0; i < n; i++) cluster.fork();
  }).catch(async (e) => {
    console.error(String(e));
    await shutdown("start-up failure", 1);
  });
  console.log(`Allmänning is running at http://${env.HOST}:${env.PORT} with ${n} HTTP processes (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function serve(): Promise<Server> {
  const db = getDb();

  const buildDir = path.resolve(process.env.BUILD_DIR || "build");
  const build = (await import(pathToFileURL(path.join(buildDir, "index.js")).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);
  // A draining instance (stop signal received) answers new requests with 503 and closes the
  // connection, so the load balancer moves on; requests already in flight finish normally.
  app.use((req, res, next) => {
    if (!draining) return next();
    res.set("Connection", "close").set("Retry-After", "5").status(503).type("text/plain; charset=utf-8").send("503 – Servern startar om. Försök igen om en stund. / Restarting, try again shortly.");
  });
  app.use(requestLog(routeLabeller(build)));
  app.use(urlHygiene); // broken percent-encoding and control characters in URLs: before anything decodes them
  installCollectors(db);
  app.use(metricsEndpoint({ token: env.METRICS_TOKEN }));
  // Readiness for load balancers: database, migrations current, a live job worker. /healthz stays
  // the cheap liveness check (the database answers).
  app.get("/readyz", async (_req, res) => {
    const r = await readiness(db);
    res.status(r.ready ? 200 : 503).set("Cache-Control", "no-store").json({ status: r.ready ? "ready" : "not ready", ...r.checks });
  });
  // The live stream (/events) must reach the browser as it is written: never buffered by compression.
  // Attachment downloads (/a/…) are sent as stored: their Content-Length, ETag and byte ranges
  // describe the file's own bytes, and the documents worth compressing are already zip archives.
  app.use(compression({ filter: (req, res) => req.path !== "/events" && !req.path.startsWith("/a/") && compression.filter(req, res) }));
  // Remix's adapter calls res.flush() after every chunk it writes whenever the response has one,
  // and compression gives it one: each ~2 KB piece of a page was gzipped with a sync flush and
  // written to the socket on its own, a quarter of the CPU of an uncached thread page (zlib and
  // writev in `npm run bench:traffic -- --cpu-prof`). Pages are not streamed progressively (no
  // deferred data), so the compressed body is written as zlib fills its buffers, and at the end.
  app.use((_req, res, next) => {
    (res as { flush?: unknown }).flush = undefined;
    next();
  });
  // Fingerprinted assets: cache for a year. Other public files: an hour.
  app.use("/build", express.static(path.join(buildDir, "public/build"), { immutable: true, maxAge: "1y" }));
  // Only paths that look like files reach the disk (a stat per page view was measurable).
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  app.use((req, res, next) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (
      isCrossSiteWrite({
        method: req.method,
        appOrigin: appOriginOf(req, env.TRUST_PROXY),
        origin: req.get("origin"),
        secFetchSite: req.get("sec-fetch-site"),
        path: req.path,
        authorization: req.get("authorization"),
        cookie: req.get("cookie"),
      })
    ) {
      res.status(403).type("text/plain; charset=utf-8").send("403 – Förfrågan kom från en annan webbplats och avvisades. / Cross-site request refused.");
      return;
    }
    next();
  });

  // While PostgreSQL is unreachable: 503 at once (static files above still work).
  app.use(databaseGate());

  const contextFor = (req: express.Request) =>
    buildContext({ cookie: req.get("cookie"), acceptLanguage: req.get("accept-language"), clientIp: req.ip ?? null });

  app.use(liveEvents({ db, buildContext: contextFor }));
  // Attachment downloads: the same read rule as the Remix route, the bytes piped to the socket.
  app.use(attachmentDownloads({ db, buildContext: contextFor }));

  if (env.PAGE_CACHE_MB > 0 && env.PAGE_CACHE_TTL_S > 0) {
    const store = new PageStore(env.PAGE_CACHE_MB * 1024 * 1024, env.PAGE_CACHE_TTL_S * 1000);
    // Guests' search pages get a quarter of the budget of their own (the same lifetime).
    const searchStore = new PageStore((env.PAGE_CACHE_MB * 1024 * 1024) / 4, env.PAGE_CACHE_TTL_S * 1000);
    app.use(pageCache({ db, store, searchStore, buildContext: contextFor, contentSecurityPolicy }));
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: async (req, res) => {
        // The page cache may already have validated the session for this request.
        const { context, setCookie } = (res.locals.appContext as ContextResult | undefined) ?? (await contextFor(req));
        if (setCookie) res.append("Set-Cookie", setCookie);
        res.setHeader("Content-Security-Policy", contentSecurityPolicy(context.nonce));
        return context;
      },
    }),
  );

  app.use(databaseErrors());

  const listening: Server = app.listen(env.PORT, env.HOST, () => {
    if (!httpWorker) console.log(`Allmänning is running at http://${env.HOST}:${env.PORT} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
  listening.keepAliveTimeout = 65_000;
  return listening;
}

async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  draining = true;
  console.log(`${signal}: stopping …`);
  // HTTP processes get 15 s to finish their requests; the first process waits longer for them,
  // so it still stops PostgreSQL after them.
  const force = setTimeout(async () => {
    if (embedded) await embedded.stop().catch(() => undefined);
    process.exit(1);
  }, httpWorker ? 15_000 : 25_000);
  force.unref();
  // Draining: for DRAIN_SECONDS the instance still accepts and answers 503 (and /readyz fails),
  // so a load balancer takes it out of rotation; then it stops accepting, lets in-flight
  // requests finish, ends live streams and closes idle keep-alive sockets.
  if (server && env.DRAIN_SECONDS > 0 && exitCode === 0) await new Promise((r) => setTimeout(r, env.DRAIN_SECONDS * 1000));
  endLiveStreams();
  if (server) {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
  // HTTP processes first (each finishes its requests), then the jobs and the database.
  if (forks) {
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (w) => new Promise<void>((resolve) => {
          if (!w || w.isDead()) return resolve();
          w.once("exit", () => resolve());
          w.process.kill("SIGTERM");
        }),
      ),
    );
  }
  if (metricsServer) metricsServer.close();
  await jobs?.stop();
  await closeDb();
  if (embedded) await embedded.stop();
  if (!httpWorker) console.log("stopped");
  process.exit(exitCode);
}

