import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import { Logger, runOnce } from "graphile-worker";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { eventTasks } from "../../app/events/dispatch.server";
import { createThread } from "../../app/forum/threads.server";
import type { Audience } from "../../app/forum/types";
import { purgeExpired } from "../../app/lib/housekeeping.server";
import { moderate } from "../../app/moderation/actions.server";
import { actionSchema } from "../../app/moderation/schemas";
import { deliverMessage, webhookTasks } from "../../app/webhooks/deliver.server";
import { isPublicAddress, resolveEndpoint } from "../../app/webhooks/ssrf.server";
import { createEndpoint, redeliver, setPrivateAddresses, webhooksPage } from "../../app/webhooks/webhooks.server";
import { makeCase } from "../support/cases";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type PrincipalName, type World } from "../support/principals";

// Webhooks against REAL HTTP receivers on 127.0.0.1 that verify every signature with the
// standardwebhooks Webhook class: delivery through the real graphile-worker queue, retries with
// backoff, the timeout, switching off with a mail to the admins, redelivery from the log, SSRF
// refusal, and the webhook axis of the authorization matrix (an endpoint only ever receives
// items its organisation may read, checked again at delivery time).

type Got = { headers: http.IncomingHttpHeaders; body: string; payload: { type: string; data: Record<string, { id: string; title: string }> } | null; verified: boolean };
type Receiver = { url: string; got: Got[]; mode: "ok" | "fail" | "hang"; failFirst: number; secret: string; close: () => Promise<void> };

async function receiver(): Promise<Receiver> {
  const r = { got: [] as Got[], mode: "ok", failFirst: 0, secret: "" } as Receiver;
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      let payload: Got["payload"] = null;
      let verified = false;
      try {
        payload = new Webhook(r.secret).verify(body, req.headers as Record<string, string>) as Got["payload"];
        verified = true;
      } catch {
        /* recorded as unverified */
      }
      r.got.push({ headers: req.headers, body, payload, verified });
      if (r.mode === "hang") return; // never answers
      if (r.mode === "fail" || r.failFirst-- > 0) return void res.writeHead(500).end("nope");
      res.writeHead(204).end();
    });
  });
  server.on("connection", (s) => (sockets.add(s), s.on("close", () => sockets.delete(s))));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise((done) => (sockets.forEach((s) => s.destroy()), server.close(() => done())));
  return r;
}

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
const receivers: Receiver[] = [];
const silent = new Logger(() => () => {});
const ENV = { WEBHOOK_RETRY_BASE_MS: "50", WEBHOOK_MAX_ATTEMPTS: "3", WEBHOOK_DISABLE_AFTER: "4", WEBHOOK_TIMEOUT_MS: "400", WEBHOOKS_ALLOW_PRIVATE: "1", APP_URL: "http://allmanning.test" };
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });
/** The event jobs only (the subscriber queues messages); deliveries are run by `runDeliveries`. */
const runEvents = () => runOnce({ connectionString: url, taskList: eventTasks(db), logger: silent, concurrency: 1 });
const runDeliveries = () => runOnce({ connectionString: url, taskList: webhookTasks(db), logger: silent, concurrency: 1 });
const runJobs = async () => {
  await runEvents();
  await runDeliveries();
};
let n = 0;

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  process.env.DATABASE_URL = url;
  Object.assign(process.env, ENV);
  w = await createWorld(db);
  await createForumTags(db, [{ slug: "webbkrokar", sv: "Webbkrokar", en: "Webhooks", area: "it" }]);
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await closeDb();
  await destroy();
});
beforeEach(async () => {
  Object.assign(process.env, ENV);
  // Each test's endpoints are its own: the ones before it are removed.
  await db.updateTable("webhook_endpoints").set({ deleted_at: new Date() }).where("deleted_at", "is", null).execute();
});

async function endpointFor(p: PrincipalName, orgId: string, events: string[]) {
  const r = await receiver();
  receivers.push(r);
  const made = await createEndpoint(ctx(p), orgId, { url: r.url, description: "Test", events: events as never });
  if (!made || !made.ok) throw new Error(JSON.stringify(made));
  r.secret = made.secret;
  return { ...r, id: made.id, r };
}

async function thread(aud: Audience, title = `Webbkrok ${++n}`) {
  const t = await createThread(ctx("ambassadorA"), { kind: "question", title, body: "Text", tags: ["webbkrokar"], orgId: w.orgA.id, audience: aud, sharedOrgIds: aud === "chosen" ? [w.orgB.id] : [] });
  if (!t.ok) throw new Error(JSON.stringify(t.errors));
  return t.id;
}
const messagesOf = (endpointId: string) => db.selectFrom("webhook_messages").selectAll().where("endpoint_id", "=", endpointId).orderBy("id").execute();
const attemptsOf = (messageId: string) => db.selectFrom("webhook_attempts").selectAll().where("message_id", "=", messageId).orderBy("id").execute();

describe("delivery", () => {
  it("delivers a signed Standard Webhooks message through the job queue", async () => {
    const ep = await endpointFor("adminA", w.orgA.id, ["thread.created"]);
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const id = await thread("network", "Ny tråd om <b>webbkrokar</b> & signaturer");
    await runEvents(); // the event → the subscriber queues the message
    expect(ep.r.got).toHaveLength(0);
    await runDeliveries(); // the delivery job
    expect(ep.r.got).toHaveLength(1);
    const g = ep.r.got[0];
    expect(g.verified).toBe(true);
    expect(g.headers["webhook-id"]).toMatch(/^msg_\d+$/);
    expect(g.headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    expect(g.headers["webhook-signature"]).toMatch(/^v1,/);
    expect(g.headers["content-type"]).toBe("application/json");
    expect(g.payload?.type).toBe("thread.created");
    expect(g.payload?.data.thread.id).toBe(id);
    expect(g.payload?.data.thread.title).toBe("Ny tråd om <b>webbkrokar</b> & signaturer");
    // A wrong secret does not verify the same request.
    expect(() => new Webhook(`whsec_${Buffer.from("fel nyckel som inte stämmer").toString("base64")}`).verify(g.body, g.headers as Record<string, string>)).toThrow();
    const [m] = await messagesOf(ep.id);
    expect(m.state).toBe("delivered");
    const [a] = await attemptsOf(m.id);
    expect(a).toMatchObject({ ok: true, status_code: 204, attempt: 1 });
    expect(a.duration_ms).toBeGreaterThanOrEqual(0);
    // Running the jobs again sends nothing twice.
    await runJobs();
    expect(ep.r.got).toHaveLength(1);
  });

  it("keeps the secret encrypted at rest (endpoint row and double-submit record); an old plaintext one still signs", async () => {
    const r = await receiver();
    receivers.push(r);
    const submission = "webhook-secret-at-rest-0001";
    const made = await createEndpoint(ctx("adminA"), w.orgA.id, { url: r.url, description: "Test", events: ["thread.created"] as never }, { submission });
    if (!made?.ok) throw new Error(JSON.stringify(made));
    r.secret = made.secret;
    const ep = { ...made, r };
    // The resend of the same form shows the same secret again (decrypted from the stored result).
    const again = await createEndpoint(ctx("adminA"), w.orgA.id, { url: r.url, description: "Test", events: ["thread.created"] as never }, { submission });
    expect(again).toEqual(made);
    const row = await db.selectFrom("webhook_endpoints").select("secret").where("id", "=", ep.id).executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(ep.secret.slice(6));
    expect(row.secret).toMatch(/^v1\./);
    const keys = await db.selectFrom("submission_keys").select("result").where("form", "=", "webhook").execute();
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(JSON.stringify(k.result)).not.toContain(ep.secret.slice(6));
    // An endpoint registered before secrets were encrypted keeps working.
    await db.updateTable("webhook_endpoints").set({ secret: ep.secret }).where("id", "=", ep.id).execute();
    await thread("network");
    await runJobs();
    expect(ep.r.got.at(-1)?.verified).toBe(true);
  });

  it("retries a failing endpoint with exponential backoff, then delivers", async () => {
    const ep = await endpointFor("adminA", w.orgA.id, ["thread.created"]);
    ep.r.failFirst = 2;
    await thread("public");
    await runEvents();
    const [m] = await messagesOf(ep.id);
    const t1 = new Date();
    await deliverMessage(db, m.id, t1, process.env);
    const job1 = await db.selectFrom("graphile_worker.jobs" as never).select(["run_at" as never]).where("key" as never, "=", `webhook:${m.id}` as never).executeTakeFirst() as { run_at: Date } | undefined;
    expect(job1 && job1.run_at.getTime() - t1.getTime()).toBe(50);
    const t2 = new Date(t1.getTime() + 60);
    await deliverMessage(db, m.id, t2, process.env);
    const job2 = await db.selectFrom("graphile_worker.jobs" as never).select(["run_at" as never]).where("key" as never, "=", `webhook:${m.id}` as never).executeTakeFirst() as { run_at: Date } | undefined;
    expect(job2 && job2.run_at.getTime() - t2.getTime()).toBe(100);
    await deliverMessage(db, m.id, new Date(), process.env);
    const attempts = await attemptsOf(m.id);
    expect(attempts.map((a) => [a.attempt, a.status_code, a.ok])).toEqual([[1, 500, false], [2, 500, false], [3, 204, true]]);
    expect((await messagesOf(ep.id))[0].state).toBe("delivered");
    expect(ep.r.got.every((g) => g.verified && g.headers["webhook-id"] === `msg_${m.id}`)).toBe(true);
    const endpoint = await db.selectFrom("webhook_endpoints").select(["consecutive_failures", "disabled_at"]).where("id", "=", ep.id).executeTakeFirstOrThrow();
    expect(endpoint).toEqual({ consecutive_failures: 0, disabled_at: null });
  });

  it("cuts a hanging endpoint off at the timeout", async () => {
    const ep = await endpointFor("adminA", w.orgA.id, ["thread.created"]);
    ep.r.mode = "hang";
    await thread("public");
    await runEvents();
    const [m] = await messagesOf(ep.id);
    await deliverMessage(db, m.id, new Date(), process.env);
    const [a] = await attemptsOf(m.id);
    expect(a.ok).toBe(false);
    expect(a.status_code).toBeNull();
    expect(a.error).toMatch(/timeout/);
    expect(ep.r.got).toHaveLength(1);
    expect((await messagesOf(ep.id))[0].state).toBe("pending"); // retried later
  });

  it("switches an endpoint off after repeated failures and mails the organisation's admins", async () => {
    const ep = await endpointFor("adminA", w.orgA.id, ["thread.created"]);
    ep.r.mode = "fail";
    await thread("public");
    await thread("public");
    await runEvents();
    const ms = await messagesOf(ep.id);
    for (let i = 0; i < 3; i++) await deliverMessage(db, ms[0].id, new Date(), process.env); // 3 attempts: the message fails
    expect((await messagesOf(ep.id))[0].state).toBe("failed");
    await deliverMessage(db, ms[1].id, new Date(), process.env); // the 4th failure in a row switches it off
    const endpoint = await db.selectFrom("webhook_endpoints").select(["disabled_at", "disabled_reason"]).where("id", "=", ep.id).executeTakeFirstOrThrow();
    expect(endpoint.disabled_at).not.toBeNull();
    expect(endpoint.disabled_reason).toBe("HTTP 500");
    const mail = await db.selectFrom("dev_mailbox").selectAll().where("to_address", "=", w.viewers.adminA!.email).execute();
    expect(mail.some((m) => m.subject.includes("webhook") && m.text_body.includes(ep.url))).toBe(true);
    // Switched off: new events queue nothing for it.
    const before = (await messagesOf(ep.id)).length;
    await thread("public");
    await runJobs();
    expect((await messagesOf(ep.id)).length).toBe(before);
    const page = await webhooksPage(ctx("adminA"), w.orgA.slug);
    expect(page?.endpoints.find((e) => e.id === ep.id)?.disabledAt).not.toBeNull();
  });

  it("redelivers from the log (same webhook-id), for the organisation's admins only", async () => {
    const ep = await endpointFor("adminA", w.orgA.id, ["thread.created"]);
    await thread("public");
    await runJobs();
    await runJobs();
    const [m] = await messagesOf(ep.id);
    expect(m.state).toBe("delivered");
    expect(await redeliver(ctx("memberA"), w.orgA.id, m.id)).toBe(false);
    expect(await redeliver(ctx("adminA"), w.orgB.id, m.id)).toBe(false);
    expect(await redeliver(ctx("adminA"), w.orgA.id, m.id)).toBe(true);
    await runJobs();
    expect(ep.r.got).toHaveLength(2);
    expect(ep.r.got[1].verified).toBe(true);
    expect(ep.r.got[1].headers["webhook-id"]).toBe(ep.r.got[0].headers["webhook-id"]);
    expect((await attemptsOf(m.id)).length).toBe(2);
    const page = await webhooksPage(ctx("adminA"), w.orgA.slug);
    const log = page!.endpoints.find((e) => e.id === ep.id)!.log;
    expect(log[0].attempts.map((a) => a.status)).toEqual([204, 204]);
    expect(await webhooksPage(ctx("memberA"), w.orgA.slug)).toBeNull();
    expect(await webhooksPage(ctx("adminA"), w.orgB.slug)).toBeNull();
  });

  it("keeps the delivery log for RETENTION_WEBHOOK_LOG_DAYS", async () => {
    const old = new Date(Date.now() - 91 * 86_400_000);
    const [m] = await db.selectFrom("webhook_messages").select("id").limit(1).execute();
    await db.insertInto("webhook_attempts").values({ message_id: m.id, attempt: 99, ok: true, status_code: 200, error: null, duration_ms: 1, created_at: old }).execute();
    const res = await purgeExpired(db);
    expect(res.webhookAttempts).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom("webhook_attempts").select("id").where("attempt", "=", 99).execute()).toEqual([]);
  });
});

describe("SSRF", () => {
  it("refuses private, loopback, link-local, ULA and metadata addresses without the admin setting", async () => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    for (const [target, reason] of [
      ["http://127.0.0.1:9/hook", "https"], ["https://127.0.0.1/hook", "private"], ["https://localhost/hook", "private"],
      ["https://10.1.2.3/", "private"], ["https://192.168.1.1/", "private"], ["https://172.16.0.1/", "private"],
      ["https://169.254.169.254/latest/meta-data/", "private"], ["https://[::1]/", "private"], ["https://[fd00:ec2::254]/", "private"],
      ["https://[fe80::1]/", "private"], ["https://[::ffff:127.0.0.1]/", "private"], ["https://0.0.0.0/", "private"], ["https://100.64.0.1/", "private"],
      ["https://user:pw@example.org/", "credentials"], ["inte en adress", "invalid"],
    ] as const) {
      const r = await createEndpoint(ctx("adminA"), w.orgA.id, { url: target, description: "", events: ["thread.created"] });
      expect(r && !r.ok && r.errors.url?.[0].key, target).toBe(`webhooks:errors.url.${reason}`);
    }
    expect(isPublicAddress("93.184.215.14")).toBe(true);
    expect(isPublicAddress("2606:4700::1111")).toBe(true);
    expect((await resolveEndpoint("https://93.184.215.14/x", false)).ok).toBe(true);
  });

  it("refuses at delivery time too, and sends nothing, when private addresses are no longer allowed", async () => {
    const ep = await endpointFor("adminA", w.orgA.id, ["thread.created"]); // registered while allowed
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    await thread("public");
    await runEvents();
    const [m] = await messagesOf(ep.id);
    await deliverMessage(db, m.id, new Date(), process.env);
    const [a] = await attemptsOf(m.id);
    // http:// to 127.0.0.1 is refused on both counts (https required, private address); nothing is sent.
    expect(a.error).toMatch(/^refused: (https|private)$/);
    expect(ep.r.got).toHaveLength(0);
  });

  it("lets a network admin (only) allow private addresses for one organisation", async () => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    expect(await setPrivateAddresses(ctx("adminA"), w.orgB.id, true)).toBe(false);
    expect(await setPrivateAddresses(ctx("networkAdmin"), w.orgB.id, true)).toBe(true);
    const r = await receiver();
    receivers.push(r);
    const ok = await createEndpoint(ctx("networkAdmin"), w.orgB.id, { url: r.url, description: "", events: ["thread.created"] });
    expect(ok?.ok).toBe(true);
    const refusedInA = await createEndpoint(ctx("adminA"), w.orgA.id, { url: r.url, description: "", events: ["thread.created"] });
    expect(refusedInA && !refusedInA.ok).toBe(true);
    expect(await createEndpoint(ctx("memberB"), w.orgB.id, { url: r.url, description: "", events: ["thread.created"] })).toBeNull();
    await setPrivateAddresses(ctx("networkAdmin"), w.orgB.id, false);
  });
});

describe("webhook axis of the authorization matrix", () => {
  it("an endpoint receives only items its organisation may read, re-checked at delivery", async () => {
    const eps = {
      A: await endpointFor("adminA", w.orgA.id, ["thread.created", "case.published"]),
      // Kommun B and Region C have no org admin among the principals: a network admin registers theirs.
      B: await endpointFor("networkAdmin", w.orgB.id, ["thread.created", "case.published"]),
      C: await endpointFor("networkAdmin", w.orgC.id, ["thread.created", "case.published"]),
    };
    const B = eps.B;
    const items: Record<string, { kind: "thread" | "case"; id: string }> = {};
    for (const aud of ["organisation", "chosen", "network", "public"] as Audience[]) {
      items[`thread:${aud}`] = { kind: "thread", id: await thread(aud, `Matristråd ${aud} ${++n}`) };
      items[`case:${aud}`] = { kind: "case", id: await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: `Matrisfall ${aud} ${++n}`, visibility: aud === "chosen" ? "shared" : aud, shared_org_ids: aud === "chosen" ? [w.orgB.id] : [] }) };
    }
    // Hidden after the event, before delivery: nobody receives it.
    items["thread:hiddenBeforeDelivery"] = { kind: "thread", id: await thread("public", `Dold före leverans ${++n}`) };
    await runEvents(); // events → messages
    const r = await moderate(ctx("moderatorA"), actionSchema.parse({ intent: "hide", targetType: "thread", targetId: items["thread:hiddenBeforeDelivery"].id, reason: "Dold" }));
    expect(r.ok).toBe(true);
    await runDeliveries();
    const want: Record<"A" | "B" | "C", string[]> = {
      A: ["organisation", "chosen", "network", "public"],
      B: ["chosen", "network", "public"],
      C: ["network", "public"],
    };
    const leaks: string[] = [];
    for (const [org, ep] of [["A", eps.A], ["B", B], ["C", eps.C]] as const) {
      const got = new Set(ep.r.got.filter((g) => g.verified).map((g) => { const d = g.payload!.data; return (d.thread ?? d.case).id; }));
      for (const [key, item] of Object.entries(items)) {
        const aud = key.split(":")[1];
        const expected = want[org].includes(aud);
        if (got.has(item.id) !== expected) leaks.push(`${org} · ${key}: got ${got.has(item.id)}`);
      }
      if (ep.r.got.some((g) => !g.verified)) leaks.push(`${org}: unverified request`);
    }
    expect(leaks).toEqual([]);
    const skipped = await db.selectFrom("webhook_messages").select("state").where("event_type", "=", "thread.created")
      .where("event_id", "in", db.selectFrom("events").select("id").where("thread_id", "=", items["thread:hiddenBeforeDelivery"].id)).execute();
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((s) => s.state === "skipped")).toBe(true);
  });
});

describe("the webhooks page", () => {
  let route: typeof import("../../app/routes/orgs.$slug_.admin_.webhooks");
  beforeAll(async () => {
    route = await import("../../app/routes/orgs.$slug_.admin_.webhooks");
  });
  const ctxFor = (name: PrincipalName) => ({ viewer: w.viewers[name], locale: "sv", sessionId: null, nonce: "n" }) as unknown as AppLoadContext;
  const post = (fields: [string, string][]) =>
    new Request(`http://test.se/orgs/${w.orgA.slug}/admin/webhooks`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  const run = async (p: Promise<unknown>) => {
    try {
      return (await p) as Response;
    } catch (e) {
      if (e instanceof Response) return e;
      throw e;
    }
  };
  it("answers bad input with 400, the message on the field and the input kept; others get 404", async () => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    const bad = await run(route.action({ request: post([["intent", "create"], ["url", "http://10.0.0.5/x"], ["description", "Intranätet"], ["events", "thread.created"]]), params: { slug: w.orgA.slug }, context: ctxFor("adminA") }));
    expect(bad.status).toBe(400);
    const data = (await bad.json()) as { errors: Record<string, { key: string }[]>; values: Record<string, unknown> };
    expect(data.errors.url[0].key).toBe("webhooks:errors.url.https");
    expect(data.values.description).toBe("Intranätet");
    const none = await run(route.action({ request: post([["intent", "create"], ["url", "https://hooks.example.org/x"]]), params: { slug: w.orgA.slug }, context: ctxFor("adminA") }));
    expect(none.status).toBe(400);
    expect(((await none.json()) as { errors: Record<string, { key: string }[]> }).errors.events[0].key).toBe("webhooks:errors.events");
    const unknown = await run(route.action({ request: post([["intent", "create"], ["url", "https://hooks.example.org/x"], ["events", "user.deleted"]]), params: { slug: w.orgA.slug }, context: ctxFor("adminA") }));
    expect(unknown.status).toBe(400);
    for (const p of ["memberA", "moderatorA", "memberB", "anonymous"] as PrincipalName[]) {
      expect((await run(route.loader({ request: new Request("http://test.se/x"), params: { slug: w.orgA.slug }, context: ctxFor(p) }))).status, p).toBe(404);
    }
    expect((await run(route.loader({ request: new Request("http://test.se/x"), params: { slug: "finns-inte" }, context: ctxFor("adminA") }))).status).toBe(404);
  });
});
