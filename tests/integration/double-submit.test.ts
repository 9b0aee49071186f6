import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { createForumTags } from "../support/forum";
import { makeCase } from "../support/cases";
import { newSubmissionToken } from "../../app/lib/idempotency.server";

// Issue 19 item 10: a double-submitted create form writes once. N identical POSTs (the same form
// token, as a double click or a resent request sends them) go concurrently through the real
// route actions against PostgreSQL; exactly one row may come of them, and every response points
// at that row. A different text with the same (stale) token is a new submission.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
type Route = { action: (a: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown> };
const routes: Record<string, Route> = {};

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  w = await createWorld(db);
  await createForumTags(db);
  routes.thread = await import("../../app/routes/t.$threadId");
  routes.newThread = await import("../../app/routes/threads.new");
  routes.orgAdmin = await import("../../app/routes/orgs.$slug_.admin");
  routes.newCase = await import("../../app/routes/cases.new");
  routes.casePage = await import("../../app/routes/cases.$caseId");
  routes.flag = await import("../../app/routes/flag");
  routes.tags = await import("../../app/routes/tags._index");
});
afterAll(async () => {
  await closeDb();
  await destroy();
});

const ctxFor = (name: keyof World["viewers"]) => ({ viewer: w.viewers[name], locale: "sv", sessionId: null, nonce: "n" }) as unknown as AppLoadContext;
const post = (path: string, fields: [string, string][]) =>
  new Request(`http://test.se${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
async function run(p: Promise<unknown>): Promise<Response> {
  try {
    return (await p) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** Fires `n` identical submissions at once; answers the statuses and Location headers. */
async function fire(n: number, route: Route, path: string, params: Record<string, string>, who: keyof World["viewers"], fields: [string, string][]) {
  const res = await Promise.all(Array.from({ length: n }, () => run(route.action({ request: post(path, fields), params, context: ctxFor(who) }))));
  return { statuses: res.map((r) => r.status), locations: new Set(res.map((r) => r.headers.get("Location"))) };
}

async function newThread(title: string) {
  const r = await fire(1, routes.newThread, "/threads/new", {}, "memberA", [
    ["kind", "discussion"], ["title", title], ["body", "Vi vill jämföra erfarenheter av detta."], ["orgId", w.orgA.id], ["audience", "network"], ["tags", "gdpr"],
  ]);
  const loc = [...r.locations][0]!;
  return /\/t\/(\d+)/.exec(loc)![1];
}

const count = async (table: "posts" | "threads", where: [string, string]) =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).where(where[0] as "id", "=", where[1]).executeTakeFirstOrThrow()).n);

describe("replies", () => {
  for (const n of [2, 10]) {
    it(`×${n} identical concurrent replies make one post, and all answer the same redirect`, async () => {
      const tid = await newThread(`Tråd för dubbla svar ${n}`);
      const token = newSubmissionToken();
      const r = await fire(n, routes.thread, `/t/${tid}`, { threadId: tid }, "memberB", [["intent", "reply"], ["body", `Samma svar ${n}`], ["_submission", token]]);
      expect(r.statuses.every((s) => s === 303), JSON.stringify(r.statuses)).toBe(true);
      expect(await count("posts", ["thread_id", tid])).toBe(1);
      expect(r.locations.size).toBe(1);
      const t = await db.selectFrom("threads").select("reply_count").where("id", "=", tid).executeTakeFirstOrThrow();
      expect(Number(t.reply_count)).toBe(1);
    });
  }

  it("the same token with a different text is a second reply; a reply after a field error goes through", async () => {
    const tid = await newThread("Tråd för två olika svar");
    const token = newSubmissionToken();
    const send = (body: string) => fire(1, routes.thread, `/t/${tid}`, { threadId: tid }, "memberB", [["intent", "reply"], ["body", body], ["_submission", token]]);
    expect((await send("")).statuses).toEqual([400]);
    expect((await send("Första svaret")).statuses).toEqual([303]);
    expect((await send("Andra svaret")).statuses).toEqual([303]);
    expect((await send("Första svaret")).statuses).toEqual([303]); // a resend: no third post
    expect(await count("posts", ["thread_id", tid])).toBe(2);
  });

  it("without a token every submission writes (nothing to tell a resend from a new reply)", async () => {
    const tid = await newThread("Tråd utan token");
    await fire(2, routes.thread, `/t/${tid}`, { threadId: tid }, "memberB", [["intent", "reply"], ["body", "Utan token"]]);
    expect(await count("posts", ["thread_id", tid])).toBe(2);
  });
});

describe("new threads", () => {
  it("×10 identical concurrent new-thread posts make one thread", async () => {
    const token = newSubmissionToken();
    const title = "Samma nya tråd tio gånger";
    const r = await fire(10, routes.newThread, "/threads/new", {}, "memberA", [
      ["kind", "question"], ["title", title], ["body", "Hur gör ni med loggning av AI-svar?"], ["orgId", w.orgA.id], ["audience", "network"], ["tags", "gdpr"], ["_submission", token],
    ]);
    expect(r.statuses.every((s) => s === 303), JSON.stringify(r.statuses)).toBe(true);
    expect(await count("threads", ["title", title])).toBe(1);
    expect(r.locations.size).toBe(1);
  });
});

describe("invitations, cases, adoptions and case replies", () => {
  it("×10 identical concurrent invitations make one open invitation and one mail", async () => {
    const email = "dubbel.inbjudan@example.se";
    const r = await fire(10, routes.orgAdmin, `/orgs/${w.orgA.slug}/admin`, { slug: w.orgA.slug }, "adminA", [
      ["intent", "invite"], ["email", email], ["role", "member"], ["_submission", newSubmissionToken()],
    ]);
    expect(r.statuses.every((s) => s === 200), JSON.stringify(r.statuses)).toBe(true);
    const invs = await db.selectFrom("invitations").select(["id", "revoked_at"]).where("email", "=", email).execute();
    expect(invs).toHaveLength(1);
    const mails = await db.selectFrom("dev_mailbox").select("id").where("to_address", "=", email).execute();
    expect(mails).toHaveLength(1);
  });

  it("×10 identical concurrent new-case posts make one case (and one discussion thread)", async () => {
    const title = "Samma fallstudie tio gånger";
    const r = await fire(10, routes.newCase, "/cases/new", {}, "ambassadorA", [
      ["intent", "save"], ["org_id", w.orgA.id], ["visibility", "network"], ["title", title], ["language", "sv"], ["_submission", newSubmissionToken()],
    ]);
    expect(r.statuses.every((s) => s === 302), JSON.stringify(r.statuses)).toBe(true);
    expect(await db.selectFrom("cases").select("id").where("title", "=", title).execute()).toHaveLength(1);
    expect(r.locations.size).toBe(1);
  });

  it("×10 identical concurrent replies to a case's discussion make one post; ×10 adoptions one row", async () => {
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Fall med diskussion" });
    const tid = (await db.selectFrom("cases").select("discussion_thread_id").where("id", "=", id).executeTakeFirstOrThrow()).discussion_thread_id!;
    const before = await count("posts", ["thread_id", tid]);
    const r = await fire(10, routes.casePage, `/cases/${id}`, { caseId: id }, "memberB", [["intent", "reply"], ["body", "En fråga om fallet"], ["_submission", newSubmissionToken()]]);
    expect(new Set(r.statuses).size, JSON.stringify(r.statuses)).toBe(1);
    expect(await count("posts", ["thread_id", tid])).toBe(before + 1);
    const outboxBefore = (await db.selectFrom("search_outbox").select("id").where("doc_type", "=", "case").where("doc_id", "=", id).execute()).length;
    await fire(10, routes.casePage, `/cases/${id}`, { caseId: id }, "memberB", [
      ["intent", "adopt"], ["org_id", w.orgB.id], ["status", "trying"], ["adopted_on", "2026-01-01"], ["note", ""], ["_submission", newSubmissionToken()],
    ]);
    expect(await db.selectFrom("adoptions").select("id").where("case_id", "=", id).execute()).toHaveLength(1);
    const outboxAfter = (await db.selectFrom("search_outbox").select("id").where("doc_type", "=", "case").where("doc_id", "=", id).execute()).length;
    expect(outboxAfter - outboxBefore).toBe(1); // written once, not ten times
  });
});

describe("flags, tags and sign-up", () => {
  it("×10 identical concurrent flags: one flag, and every resend is answered like the first (no 'already flagged')", async () => {
    const tid = await newThread("Tråd att flagga");
    const r = await fire(10, routes.flag, "/flag", {}, "memberB", [
      ["targetType", "thread"], ["targetId", tid], ["reason", "spam"], ["text", ""], ["redirectTo", `/t/${tid}`], ["_submission", newSubmissionToken()],
    ]);
    expect(r.statuses.every((s) => s === 302), JSON.stringify(r.statuses)).toBe(true);
    expect(await db.selectFrom("flags").select("id").where("target_type", "=", "thread").where("target_id", "=", tid).execute()).toHaveLength(1);
  });

  it("×10 identical concurrent tag creations: one tag, every resend redirected to it", async () => {
    const r = await fire(10, routes.tags, "/tags", {}, "moderatorA", [
      ["slug", "dubbeltagg"], ["nameSv", "Dubbeltagg"], ["nameEn", "Double tag"], ["area", "it"], ["description", ""], ["synonyms", ""], ["_submission", newSubmissionToken()],
    ]);
    expect(r.statuses.every((s) => s === 303), JSON.stringify(r.statuses)).toBe(true);
    expect(await db.selectFrom("tags").select("id").where("slug", "=", "dubbeltagg").execute()).toHaveLength(1);
  });

  it("×10 identical concurrent sign-ups: one pending confirmation and one mail", async () => {
    const signup = await import("../../app/routes/signup");
    const org = await db.selectFrom("organisations").select("email_domains").where("id", "=", w.orgA.id).executeTakeFirstOrThrow();
    const email = `dubbel.registrering@${org.email_domains[0]}`;
    const anon = { viewer: null, locale: "sv", sessionId: null, nonce: "n" } as unknown as AppLoadContext;
    const token = newSubmissionToken();
    await Promise.all(Array.from({ length: 10 }, () => run(signup.action({
      request: post("/signup", [["email", email], ["name", "Dubbel Person"], ["password", "ett-langt-losenord-2026"], ["_submission", token]]),
      params: {}, context: anon,
    }))));
    const tokens = await db.selectFrom("email_tokens").select("token_hash").where("email", "=", email).execute();
    const mails = await db.selectFrom("dev_mailbox").select("id").where("to_address", "=", email).execute();
    console.info(`sign-up ×10: ${tokens.length} confirmation tokens, ${mails.length} mails`);
    expect(tokens).toHaveLength(1);
    expect(mails).toHaveLength(1);
  });
});
