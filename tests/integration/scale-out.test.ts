import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../db/seed";
import { newSubmissionToken } from "../../app/lib/idempotency.server";
import { freshDatabase } from "../support/db";
import { spawnApp, waitForStatus, type AppProcess } from "../support/app-process";
import { startSmtp } from "../support/smtp";
import { openLiveStream, until } from "../support/sse";

// Stateless scale-out, proven: two production app instances on two ports against one
// PostgreSQL, each with its own page cache and job worker, behave as one forum.

const PASSWORD = "allmanning-demo";
const LINA = "lina.ostman@gavle.se";

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let a: AppProcess;
let b: AppProcess;

async function signIn(app: AppProcess, email: string): Promise<string> {
  const res = await fetch(`${app.url}/login`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
    body: new URLSearchParams({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(302);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

beforeAll(async () => {
  smtp = await startSmtp();
  fresh = await freshDatabase();
  await seed(fresh.db, { demo: true });
  const env = { DATABASE_URL: fresh.url, DEMO_MODE: "1", SEED: "never", SMTP_URL: smtp.url, LOG_LEVEL: "warn" };
  [a, b] = await Promise.all([spawnApp(env), spawnApp(env)]);
  await Promise.all([waitForStatus(a, "/healthz", 90_000), waitForStatus(b, "/healthz", 90_000)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await fresh?.destroy();
  await smtp?.stop();
});

describe("two app instances, one PostgreSQL", () => {
  it("a session made on one works on the other, and signing out on one ends it on both", async () => {
    const cookie = await signIn(a, LINA);
    const onB = await fetch(`${b.url}/settings`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain(LINA);
    const out = await fetch(`${b.url}/logout`, { method: "POST", headers: { Cookie: cookie, Origin: b.url }, redirect: "manual" });
    expect([302, 303]).toContain(out.status);
    expect((await fetch(`${a.url}/settings`, { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(302);
  });

  it("a reply posted on one shows at once on the other (page cache of each invalidated, search, live updates) and its mail is sent once", async () => {
    const cookie = await signIn(a, LINA);
    const thread = await fresh.db
      .selectFrom("threads")
      .innerJoin("users", "users.id", "threads.author_id")
      .select(["threads.id", "threads.slug", "threads.title", "users.email", "threads.reply_count"])
      .where("threads.kind", "=", "question").where("threads.visibility", "=", "public")
      .where("threads.deleted_at", "is", null).where("threads.hidden_at", "is", null).where("threads.locked_at", "is", null)
      .where("users.email", "!=", LINA)
      .orderBy("threads.id")
      .executeTakeFirstOrThrow();
    const path = `/t/${thread.id}-${thread.slug}`;
    // Both instances have the page cached for Lina.
    for (const app of [a, b]) {
      await (await fetch(app.url + path, { headers: { Cookie: cookie } })).text();
      const again = await fetch(app.url + path, { headers: { Cookie: cookie } });
      expect(again.headers.get("x-page-cache")).toBe("hit");
      await again.text();
    }
    // A live stream on each instance.
    const streams = await Promise.all([a, b].map((app) => openLiveStream(`${app.url}/events?thread=${thread.id}&seen=${thread.reply_count}`, { Cookie: cookie })));
    for (const s of streams) {
      expect(s.res.status).toBe(200);
      await until(() => s.messages.length > 0, 5000, "the first live state");
      expect(s.messages[0].data.newPosts).toBe(0);
    }
    const mailsBefore = smtp.messages.filter((m) => m.to.includes(thread.email)).length;

    const word = `skalning${randomBytes(4).toString("hex")}`;
    const posted = await fetch(a.url + path, {
      method: "POST", redirect: "manual",
      headers: { Cookie: cookie, Origin: a.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "reply", body: `Så här gjorde vi: ${word} i kundtjänsten.`, _submission: newSubmissionToken() }),
    });
    expect([302, 303]).toContain(posted.status);

    // Instance B renders the new reply at once: its cached page was invalidated.
    const onB = await fetch(b.url + path, { headers: { Cookie: cookie } });
    expect(onB.headers.get("x-page-cache")).toBe("miss");
    expect(await onB.text()).toContain(word);
    const onA = await fetch(a.url + path, { headers: { Cookie: cookie } });
    expect(onA.headers.get("x-page-cache")).toBe("miss");
    expect(await onA.text()).toContain(word);
    // Search on B finds it.
    await until(async () => (await (await fetch(`${b.url}/search?q=${word}`)).text()).includes(thread.title), 20_000, "search on the other instance");
    // Live updates reach the clients of both instances.
    for (const s of streams) await until(() => s.messages.some((m) => m.data.newPosts === 1), 10_000, "a live update on each instance");
    streams.forEach((s) => s.close());
    // The asker's "question answered" mail: both instances run a job worker, the job runs once.
    await until(() => smtp.messages.filter((m) => m.to.includes(thread.email)).length > mailsBefore, 30_000, "the notification mail");
    await new Promise((r) => setTimeout(r, 4000)); // time for a second worker to send it again, if it would
    const mails = smtp.messages.filter((m) => m.to.includes(thread.email));
    expect(mails.length - mailsBefore).toBe(1);
    expect(mails.at(-1)!.text + mails.at(-1)!.html).toContain(thread.title);
  });
});
