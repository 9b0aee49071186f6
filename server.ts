// Production server: Express + Remix. Starts an embedded PostgreSQL when DATABASE_URL is unset,
// migrates, seeds an empty database, then serves. Stateless: sessions and jobs live in PostgreSQL.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { loadEnv } from "./app/lib/env.server";
import { startEmbeddedPostgres, type EmbeddedServer } from "./db/embedded";
import { closeDb, getDb } from "./db/client";
import { migrateToLatest } from "./db/migrate";
import { seedIfEmpty } from "./db/seed";
import { buildContext } from "./app/lib/context.server";
import { contentSecurityPolicy, isCrossSiteWrite, SECURITY_HEADERS } from "./app/lib/security.server";
import { assertMailConfigured } from "./app/lib/mail.server";
import { startBackgroundJobs, type BackgroundJobs } from "./app/lib/jobs.server";

const env = loadEnv();
process.env.DEMO_MODE = env.DEMO_MODE ? "1" : "0";
// In production without SMTP (and outside demo mode) invitations and resets could not be sent.
assertMailConfigured();
const started = Date.now();
let embedded: EmbeddedServer | null = null;

if (!env.DATABASE_URL) {
  console.log(`Starting embedded PostgreSQL in ${env.PG_DATA_DIR} on 127.0.0.1:${env.PG_PORT} …`);
  embedded = await startEmbeddedPostgres({ dataDir: env.PG_DATA_DIR, port: env.PG_PORT });
  process.env.DATABASE_URL = embedded.url;
}

const db = getDb();
await migrateToLatest(db, (m) => console.log(m));
if (env.SEED !== "never") await seedIfEmpty(db, { demo: env.DEMO_MODE, log: (m) => console.log(m) });
const jobs: BackgroundJobs = await startBackgroundJobs(db);

const buildDir = path.resolve(process.env.BUILD_DIR || "build");
const build = (await import(pathToFileURL(path.join(buildDir, "index.js")).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY);
app.use(compression());
// Fingerprinted assets: cache for a year. Other public files: an hour.
app.use("/build", express.static(path.join(buildDir, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.use((req, res, next) => {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  if (
    isCrossSiteWrite({
      method: req.method,
      host: req.get("host"),
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
    })
  ) {
    res.status(403).type("text/plain; charset=utf-8").send("403 – Förfrågan kom från en annan webbplats och avvisades. / Cross-site request refused.");
    return;
  }
  next();
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    getLoadContext: async (req, res) => {
      const { context, setCookie } = await buildContext({
        cookie: req.get("cookie"),
        acceptLanguage: req.get("accept-language"),
        clientIp: req.ip ?? null,
      });
      if (setCookie) res.append("Set-Cookie", setCookie);
      res.setHeader("Content-Security-Policy", contentSecurityPolicy(context.nonce));
      return context;
    },
  }),
);

const server: Server = app.listen(env.PORT, env.HOST, () => {
  console.log(`Allmänning is running at http://${env.HOST}:${env.PORT} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
});
server.keepAliveTimeout = 65_000;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping …`);
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  // Stop accepting, let in-flight requests finish, then close idle keep-alive sockets.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await jobs.stop();
  await closeDb();
  if (embedded) await embedded.stop();
  console.log("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
