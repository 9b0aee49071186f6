import http from "node:http";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb } from "../../db/client";
import { seed } from "../../db/seed";
import { freshDatabase } from "../support/db";
import { spawnApp, waitForStatus, type AppProcess } from "../support/app-process";

// Operations: separate web / worker / migrate commands, /readyz, /metrics, one JSON log line per
// request, and a graceful drain under load. Every server here is a real production process.

const TOKEN = "metrics-token-for-the-test-0123456789";

async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("pgAdminUrl");
  const name = `allm_ops_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const logLines = (app: AppProcess) =>
  app
    .log()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("separate commands on one external PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof emptyDatabase>>;
  const apps: AppProcess[] = [];
  beforeAll(async () => {
    database = await emptyDatabase();
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await database.drop();
  });

  it("web refuses an unmigrated database, migrate runs once and exits, then web serves and /readyz waits for a worker", async () => {
    const env = { DATABASE_URL: database.url, SEED: "never", LOG_LEVEL: "warn" };
    const early = await spawnApp(env, ["web"]);
    expect(await early.exited).toBe(1);
    expect(early.log()).toMatch(/migration\(s\) have not run.*Run the migrate command first/s);

    const migrate = await spawnApp(env, ["migrate"]);
    expect(await migrate.exited).toBe(0);
    expect(migrate.log()).toContain("migrations are current");
    const db = createDb(database.url, 2);
    try {
      await seed(db, { demo: false });
      expect(Number((await db.selectFrom("threads").select((e) => e.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }

    const web = await spawnApp(env, ["web"]);
    apps.push(web);
    await waitForStatus(web, "/healthz", 60_000);
    const notReady = await fetch(`${web.url}/readyz`);
    expect(notReady.status).toBe(503);
    const body = (await notReady.json()) as Record<string, { ok: boolean; detail?: string }>;
    expect(body.database.ok).toBe(true);
    expect(body.migrations.ok).toBe(true);
    expect(body.worker).toMatchObject({ ok: false, detail: "no worker has ever run" });
    // The web instance runs no jobs: nothing registers as a worker.
    expect((await (await fetch(`${web.url}/threads`)).text()).length).toBeGreaterThan(1000);

    const worker = await spawnApp(env, ["worker"]);
    apps.push(worker);
    await waitForStatus(web, "/readyz", 60_000, 200);
    const ready = (await (await fetch(`${web.url}/readyz`)).json()) as Record<string, { ok: boolean }>;
    expect(ready).toMatchObject({ status: "ready", database: { ok: true }, migrations: { ok: true }, worker: { ok: true } });
    // The worker serves no HTTP.
    await expect(fetch(`${worker.url}/healthz`)).rejects.toThrow();

    // A worker that stops removes its heartbeat: readiness follows at once.
    await worker.stop();
    await waitForStatus(web, "/readyz", 30_000, 503);
  });

  it("web and worker without DATABASE_URL refuse to start with a message", async () => {
    const a = await spawnApp({ SEED: "never" }, ["worker"]);
    expect(await a.exited).toBe(1);
    expect(a.log()).toContain("'worker' needs DATABASE_URL");
  });
});

describe("metrics, request logs and draining", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let app: AppProcess;
  beforeAll(async () => {
    fresh = await freshDatabase();
    await seed(fresh.db, { demo: true });
    app = await spawnApp({ DATABASE_URL: fresh.url, SEED: "never", DEMO_MODE: "1", METRICS_TOKEN: TOKEN, DRAIN_SECONDS: "3" });
    await waitForStatus(app, "/healthz", 60_000);
  });
  afterAll(async () => {
    await app?.stop();
    await fresh?.destroy();
  });

  it("serves Prometheus metrics only with the token: latency per route, job queue, pool and page cache", async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: "Bearer wrong-token-wrong-token-xx" } })).status).toBe(401);
    const thread = await fresh.db.selectFrom("threads").select(["id", "slug"]).where("visibility", "=", "public").where("deleted_at", "is", null).where("hidden_at", "is", null).executeTakeFirstOrThrow();
    for (let i = 0; i < 2; i++) await (await fetch(`${app.url}/t/${thread.id}-${thread.slug}`)).text();
    await (await fetch(`${app.url}/threads`)).text();
    await (await fetch(`${app.url}/search?q=upphandling`)).text();
    const r = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/plain");
    const text = await r.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{route="routes\/t\.\$threadId",method="GET",status="2xx"\} [2-9]/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.1",route="routes\/threads\._index",method="GET",status="2xx"\} \d+/);
    expect(text).toMatch(/page_cache_requests_total\{result="hit"\} [1-9]/);
    expect(text).toMatch(/page_cache_requests_total\{result="miss"\} [1-9]/);
    expect(text).toMatch(/job_queue_jobs\{state="ready"\} \d+/);
    expect(text).toMatch(/job_queue_oldest_ready_age_seconds \d/);
    expect(text).toMatch(/search_duration_seconds_count\{engine="postgres"\} [1-9]/);
    expect(text).toMatch(/db_pool_connections\{state="total"\} [1-9]/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });

  it("logs one JSON line per request with a request id, and never the query string or a token in the path", async () => {
    const secretWord = `hemligt${randomBytes(4).toString("hex")}`;
    const given = "req-from-proxy-12345678";
    const s = await fetch(`${app.url}/search?q=${secretWord}`, { headers: { "x-request-id": given } });
    expect(s.headers.get("x-request-id")).toBe(given);
    await s.text();
    const token = randomBytes(24).toString("base64url");
    await (await fetch(`${app.url}/invite/${token}`)).text();
    const own = await fetch(`${app.url}/threads`);
    const ownId = own.headers.get("x-request-id");
    expect(ownId).toMatch(/^[0-9a-f-]{36}$/);
    await own.text();
    await new Promise((r) => setTimeout(r, 300));
    const lines = logLines(app);
    const search = lines.find((l) => l.req_id === given);
    expect(search).toMatchObject({ msg: "request", method: "GET", path: "/search", route: "routes/search", status: 200 });
    expect(typeof search!.ms).toBe("number");
    expect(lines.find((l) => l.req_id === ownId)).toMatchObject({ route: "routes/threads._index", status: 200 });
    const invite = lines.find((l) => l.route === "routes/invite.$token");
    expect(invite?.path).toBe("/invite/…");
    expect(app.log()).not.toContain(secretWord);
    expect(app.log()).not.toContain(token);
  });

  it("drains on SIGTERM: the request in flight finishes, a new request on a kept-alive connection gets 503", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<http.IncomingMessage>((resolve, reject) => http.get(`${app.url}${path}`, { agent }, resolve).on("error", reject));
    // Open a connection and keep it alive.
    const warm = await get("/healthz");
    warm.resume();
    await new Promise((r) => warm.on("end", r));
    // A sign-in whose body is only half sent: that request is in flight until the rest arrives.
    const body = new URLSearchParams({ email: "peter.nystrom@gavle.se", password: "allmanning-demo" }).toString();
    const inFlight = http.request(`${app.url}/login`, {
      method: "POST",
      agent: new http.Agent({ keepAlive: false }),
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), origin: app.url },
    });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => inFlight.on("response", resolve).on("error", reject));
    inFlight.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    app.proc.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    const refused = await get("/threads");
    expect(refused.statusCode).toBe(503);
    // So does readiness, on a new connection: the load balancer takes the instance out.
    const notReady = await fetch(`${app.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("5");
    expect(refused.headers.connection).toBe("close");
    refused.resume();
    // The rest of the body arrives: the sign-in is answered as usual (a redirect with a session).
    inFlight.end(body.slice(10));
    const res = await answered;
    res.resume();
    expect(res.statusCode).toBe(302);
    expect(String(res.headers["set-cookie"])).toMatch(/session/i);
    expect(await app.exited).toBe(0);
    agent.destroy();
  });
});
