import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { reply, vote } from "../../app/forum/posts.server";
import { setHaveQuestionToo } from "../../app/forum/qa.server";
import { createThread } from "../../app/forum/threads.server";
import type { Viewer } from "../../app/policy";
import { requestErasure } from "../../app/privacy/erasure.server";
import { createApiToken } from "../../app/api/tokens.server";
import { spawnApp, waitForStatus, type AppProcess } from "../support/app-process";
import { makeCase } from "../support/cases";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD, viewerFor } from "../support/factories";
import { createForumTags } from "../support/forum";
import { runEventJobs } from "../support/jobs";

// Erasure by anonymisation against the real production server: before, the person's name, e-mail
// and handle show on pages (one of them served from the page cache); a network admin confirms on
// /admin/erasure/:id; after, they appear nowhere: not on any page that showed them (fetched as
// HTML), not in the case exports, and not in a single row of any table in the database (search
// index, mail outbox, notifications, events, audit log, revisions, queue payloads). Posts and the
// case stay under the organisation, votes and "me too" stay as counts.
let db: DB;
let url: string;
let destroy: () => Promise<void>;
let app: AppProcess;
let erik: Viewer;
let maria: Viewer;
let admin: Viewer;
let ids: { question: string; questionSlug: string; own: string; ownSlug: string; mariaReply: string; caseId: string; caseSlug: string; orgSlug: string };
const NAME = "Erik Raderasson";
const EMAIL = "erik.raderasson@gavle-test.se";
let HANDLE: string;
const ctx = (viewer: Viewer) => ({ db, viewer, now: new Date() });
const cookies = new Map<string, string>();

async function signIn(email: string) {
  const res = await fetch(`${app.url}/login`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
    body: new URLSearchParams({ email, password: FACTORY_PASSWORD }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}
const get = async (path: string, who: string | null) => {
  const res = await fetch(`${app.url}${path}`, { headers: who ? { Cookie: cookies.get(who)! } : {}, redirect: "manual" });
  return { status: res.status, text: await res.text(), cache: res.headers.get("x-page-cache") };
};
const leaks = (text: string) => [NAME, EMAIL, HANDLE, "Raderasson", "erik.raderasson"].filter((n) => text.toLowerCase().includes(n.toLowerCase()));

let apiToken = "";
beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  await createForumTags(db);
  const org = await createOrg(db, { name: "Gävle kommun", slug: "gavle-test" });
  erik = await viewerFor(db, (await createUser(db, { orgId: org.id, role: "ambassador", name: NAME, email: EMAIL })).id);
  HANDLE = erik.handle;
  maria = await viewerFor(db, (await createUser(db, { orgId: org.id, name: "Maria Kvar" })).id);
  admin = await viewerFor(db, (await createUser(db, { orgId: org.id, name: "Nora Nätverk", networkRole: "admin" })).id);
  await db.updateTable("users").set({ title: "AI-strateg på Gävle kommun" }).where("id", "=", erik.id).execute();
  const q = await createThread(ctx(maria), { kind: "question", title: "Hur tränar ni personalen i Copilot?", body: "Vi vill veta.", tags: ["copilot"], orgId: org.id, audience: "network", sharedOrgIds: [] });
  const own = await createThread(ctx(erik), { kind: "discussion", title: "Erfarenheter från växeln", body: "Vi har provat en röstassistent.", tags: ["copilot"], orgId: org.id, audience: "public", sharedOrgIds: [] });
  if (!q.ok || !own.ok) throw new Error(`threads: ${JSON.stringify([q, own])}`);
  const mr = await reply(ctx(maria), q.id, { body: "Vi har kurser varje vecka." });
  if (!mr.ok) throw new Error("reply");
  expect((await reply(ctx(erik), q.id, { body: "Vi kör lunchseminarier om Copilot." })).ok).toBe(true);
  expect((await reply(ctx(maria), own.id, { body: `Tack @${HANDLE}, det hjälpte oss!` }, { confirmMentions: true })).ok).toBe(true);
  expect((await vote(ctx(erik), mr.id, true)).ok).toBe(true);
  expect((await setHaveQuestionToo(ctx(erik), q.id, true)).ok).toBe(true);
  const caseId = await makeCase(db, erik, org.id, { title: "Röstassistent i växeln", visibility: "public" });
  await runEventJobs(db, url); // notifications and queued mails about Erik's and Maria's posts
  await db.insertInto("audit_log").values({ actor_id: erik.id, action: "membership.joined_by_domain", target_type: "membership", target_id: `${org.id}:${erik.id}`, org_id: org.id, details: JSON.stringify({ email: EMAIL }) }).execute();
  await db.insertInto("dev_mailbox").values({ to_address: maria.email, subject: `Svar från ${NAME}`, text_body: `${NAME} svarade.` }).execute();
  // An accessibility report Erik sent (the report stays, its sender goes) and what he has read.
  await db.insertInto("accessibility_reports").values({ reporter_id: erik.id, name: NAME, email: EMAIL, page: "/cases", description: "Fokus syns inte.", locale: "sv" }).execute();
  await db.insertInto("thread_reads").values({ thread_id: q.id, user_id: erik.id, last_read_number: 2 }).execute();
  // Case pages, like thread pages, redirect to their canonical <id>-<slug> address.
  const caseSlug = (await db.selectFrom("cases").select("slug").where("id", "=", caseId).executeTakeFirstOrThrow()).slug;
  ids = { question: q.id, questionSlug: q.slug, own: own.id, ownSlug: own.slug, mariaReply: mr.id, caseId, caseSlug, orgSlug: org.slug };

  const token = await createApiToken(ctx(erik), { name: "Intranätet", scope: "read", expiresInDays: 30 });
  if (!token.ok) throw new Error("token");
  apiToken = token.token;
  app = await spawnApp({ DATABASE_URL: url, HOST: "127.0.0.1", DEMO_MODE: "1", SEED: "never", SEARCH_WORKER: "0" });
  await waitForStatus(app, "/healthz", 60_000);
  for (const [k, v] of [["maria", maria], ["admin", admin], ["erik", erik]] as const) cookies.set(k, await signIn(v.email));
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await destroy();
});

const pages = () => [
  `/t/${ids.own}-${ids.ownSlug}`, `/t/${ids.question}-${ids.questionSlug}`, "/threads", `/cases/${ids.caseId}-${ids.caseSlug}`, "/cases", "/cases.csv", "/cases.json",
  `/orgs/${ids.orgSlug}`, "/search?q=växeln", "/search?q=Copilot", "/notifications", "/admin/people?q=", "/mod/log",
];

describe("erasure by anonymisation", () => {
  it("shows the person before (thread page cached)", async () => {
    expect((await fetch(`${app.url}/api/v1/threads`, { headers: { Authorization: `Bearer ${apiToken}` } })).status).toBe(200);
    const thread = `/t/${ids.own}-${ids.ownSlug}`;
    await get(thread, "maria");
    const again = await get(thread, "maria");
    expect(again.cache).toBe("hit");
    expect(leaks(again.text)).toContain(NAME);
    expect(leaks((await get(`/cases/${ids.caseId}-${ids.caseSlug}`, "maria")).text)).toContain(NAME);
    expect((await get(`/u/${HANDLE}`, "maria")).status).toBe(200);
  });

  it("is asked for by the person and listed for a network admin only", async () => {
    await requestErasure(ctx(erik));
    await requestErasure(ctx(erik)); // asking twice is one request
    expect(await db.selectFrom("erasure_requests").select("id").execute()).toHaveLength(1);
    const list = await get("/admin/erasure", "admin");
    expect(list.status).toBe(200);
    expect(list.text).toContain(NAME);
    expect((await get("/admin/erasure", "maria")).status).toBe(404);
    expect((await get("/admin/erasure", null)).status).toBe(404);
  });

  it("confirms with what stays and why; no confirmation is a 400 that changes nothing", async () => {
    const [r] = await db.selectFrom("erasure_requests").select("id").execute();
    const page = await get(`/admin/erasure/${r.id}`, "admin");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Tidigare medlem, Gävle kommun");
    expect(page.text).toContain("allmänna handlingar");
    expect((await get(`/admin/erasure/${r.id}`, "maria")).status).toBe(404);
    const post = (who: string, body: Record<string, string>) => fetch(`${app.url}/admin/erasure/${r.id}`, {
      method: "POST", redirect: "manual", body: new URLSearchParams(body),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, Cookie: cookies.get(who)! },
    });
    expect((await post("maria", { confirm: "yes" })).status).toBe(404);
    const refused = await post("admin", {});
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Kryssa i rutan");
    expect((await db.selectFrom("users").select("name").where("id", "=", erik.id).executeTakeFirstOrThrow()).name).toBe(NAME);
    const done = await post("admin", { confirm: "yes" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/admin/erasure?done=1");
    expect((await post("admin", { confirm: "yes" })).status).toBe(404); // irreversible, and done once
  });

  it("keeps the content under the organisation, votes and 'me too' as counts", async () => {
    const u = await db.selectFrom("users").selectAll().where("id", "=", erik.id).executeTakeFirstOrThrow();
    expect(u.name).toBe("Tidigare medlem, Gävle kommun");
    expect(u.title).toBe("");
    expect(u.password_hash).toBeNull();
    expect(u.erased_at).not.toBeNull();
    expect((await db.selectFrom("threads").select(["author_id", "org_id", "deleted_at"]).where("id", "=", ids.own).executeTakeFirstOrThrow())).toMatchObject({ author_id: erik.id, deleted_at: null });
    expect(await db.selectFrom("posts").select("id").where("author_id", "=", erik.id).execute()).toHaveLength(1);
    expect(await db.selectFrom("votes").select("post_id").where("user_id", "=", erik.id).execute()).toEqual([]);
    expect((await db.selectFrom("posts").select("votes").where("id", "=", ids.mariaReply).executeTakeFirstOrThrow()).votes).toBe(1);
    // Another vote is counted on top of the kept one (the count is recounted from the rows).
    expect((await vote(ctx(admin), ids.mariaReply, true)).ok).toBe(true);
    expect((await db.selectFrom("posts").select("votes").where("id", "=", ids.mariaReply).executeTakeFirstOrThrow()).votes).toBe(2);
    const q = await get(`/t/${ids.question}-${ids.questionSlug}`, "maria");
    expect(q.text).toContain("Tidigare medlem, Gävle kommun");
    expect(await db.selectFrom("question_followers").select("user_id").where("user_id", "=", erik.id).execute()).toEqual([]);
    expect((await db.selectFrom("threads").select("detached_me_too").where("id", "=", ids.question).executeTakeFirstOrThrow()).detached_me_too).toBe(1);
    expect((await db.selectFrom("cases").select(["org_id", "state"]).where("id", "=", ids.caseId).executeTakeFirstOrThrow()).state).toBe("published");
  });

  it("ends the API tokens: the person's token is revoked and the API answers 401", async () => {
    const rows = await db.selectFrom("api_tokens").select("revoked_at").where("user_id", "=", erik.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].revoked_at).not.toBeNull();
    const r = await fetch(`${app.url}/api/v1/threads`, { headers: { Authorization: `Bearer ${apiToken}` } });
    expect(r.status).toBe(401);
  });

  it("ends the sessions: the old cookie is signed out and the password no longer works", async () => {
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", erik.id).execute()).toEqual([]);
    expect((await get("/settings", "erik")).status).toBe(302);
  });

  it("leaves the name, e-mail and handle on no page that showed them (page cache included)", async () => {
    for (const path of pages()) {
      for (const who of ["maria", "admin", null]) {
        const r = await get(path, who);
        expect(r.status, `${path} as ${who}`).toBeLessThan(500);
        expect(leaks(r.text), `${path} as ${who}`).toEqual([]);
      }
    }
    const thread = await get(`/t/${ids.own}-${ids.ownSlug}`, "maria");
    expect(thread.text).toContain(`@tidigare-medlem-${erik.id}`);
    expect((await get(`/u/${HANDLE}`, "maria")).status).toBe(404);
  });

  it("leaves them in no row of any table: search index, outbox, notifications, events, audit, revisions, queue", async () => {
    const { rows: tables } = await sql<{ schema: string; name: string }>`
      SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('public', 'graphile_worker') AND table_type = 'BASE TABLE'`.execute(db);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["search_documents", "search_terms", "mail_outbox", "notifications", "audit_log", "events", "post_revisions", "case_revisions", "dev_mailbox"]));
    const found: string[] = [];
    for (const t of tables) {
      for (const needle of [NAME, EMAIL, HANDLE, "raderasson"]) {
        const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(`${t.schema}.${t.name}`)} x WHERE row_to_json(x)::text ILIKE ${`%${needle}%`}`.execute(db);
        if (Number(rows[0].n) > 0) found.push(`${t.schema}.${t.name}: ${needle}`);
      }
    }
    expect(found).toEqual([]);
    expect(await db.selectFrom("thread_reads").select("thread_id").where("user_id", "=", erik.id).execute()).toEqual([]);
    expect(await db.selectFrom("accessibility_reports").select(["description", "reporter_id"]).where("page", "=", "/cases").execute()).toEqual([{ description: "Fokus syns inte.", reporter_id: null }]);
    const [entry] = await db.selectFrom("audit_log").selectAll().where("action", "=", "user.anonymised").execute();
    expect(entry.actor_id).toBe(admin.id);
    expect(entry.target_id).toBe(erik.id);
  });

  it("refuses the old address and password at sign-in (last: the attempt itself is rate-limit data, kept per retention)", async () => {
    expect(await signIn(EMAIL)).toBe("");
  });
});
