import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { storeUploads } from "../../app/attachments/attachments.server";
import { serveAttachment } from "../../app/attachments/serve.server";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { saveCase } from "../../app/cases/cases.server";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { createForumTags } from "../support/forum";
import { caseForm, makeCase } from "../support/cases";
import { incoming, makePdf } from "../support/attachments";

// Issue 12: moderators hide, show again and redact one attachment from the page, through the
// real route (/mod/attachment, app/routes/mod.attachment.tsx) against PostgreSQL. Redaction asks
// for a confirmation first; a reason is required; members and outsiders get 404, also for a
// forged POST, and nothing changes for them.

type Route = {
  action: (a: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown>;
  loader: (a: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown>;
};
let db: DB;
let destroy: () => Promise<void>;
let w: World;
let route: Route;

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  w = await createWorld(db);
  await createForumTags(db, [{ slug: "bilagor", sv: "Bilagor", en: "Attachments", area: "it" }]);
  route = (await import("../../app/routes/mod.attachment")) as unknown as Route;
});
afterAll(async () => {
  await closeDb();
  await destroy();
});

const ctx = (p: keyof World["viewers"]) => ({ db, viewer: w.viewers[p], now: new Date() });
const context = (p: keyof World["viewers"]) => ({ viewer: w.viewers[p], locale: "sv", sessionId: null, nonce: "n" }) as unknown as AppLoadContext;
async function run(p: Promise<unknown>): Promise<Response> {
  try {
    return (await p) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}
const post = (p: keyof World["viewers"], fields: Record<string, string>) =>
  run(route.action({
    request: new Request("http://test.se/mod/attachment", { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://test.se" } }),
    params: {}, context: context(p),
  }));
const page = (p: keyof World["viewers"], publicId: string) =>
  run(route.loader({ request: new Request(`http://test.se/mod/attachment?a=${publicId}&redirectTo=/t/1`), params: {}, context: context(p) }));
const download = (p: keyof World["viewers"], publicId: string) =>
  serveAttachment(ctx(p), new Request(`http://test.se/a/${publicId}/x`), publicId);
const row = (publicId: string) =>
  db.selectFrom("attachments").select(["hidden_at", "hidden_reason", "redacted_at", "blob_hash"]).where("public_id", "=", publicId).executeTakeFirstOrThrow();
const audit = (action: string) => db.selectFrom("audit_log").select(["action", "reason", "actor_id", "target_type", "target_id"]).where("action", "=", action).execute();

async function upload(p: keyof World["viewers"], text: string, name: string) {
  const [r] = await storeUploads(ctx(p), [await incoming(await makePdf(text), name)]);
  if (!r.ok) throw new Error(`upload refused: ${r.code}`);
  return r.attachment;
}

describe("moderating one attachment from the page", () => {
  let threadId = "";
  let onThread = "";
  let onReply = "";
  beforeAll(async () => {
    const a = await upload("memberA", "Tråden", "underlag.pdf");
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Bilagor att moderera", body: "Se bilagan.", tags: ["bilagor"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] }, { attachments: { publicIds: [a.publicId] } });
    if (!t.ok) throw new Error(JSON.stringify(t.errors));
    threadId = t.id;
    onThread = a.publicId;
    const b = await upload("memberB", "Svaret", "svar.pdf");
    const r = await reply(ctx("memberB"), t.id, { body: "Vårt underlag" }, { attachments: { publicIds: [b.publicId] } });
    if (!r.ok) throw new Error("reply");
    onReply = b.publicId;
  });

  it("a member's or outsider's forged POST is a 404 and changes nothing; so is the page", async () => {
    for (const who of ["memberA", "memberB", "ambassadorA", "anonymous"] as const) {
      for (const intent of ["hide", "restore", "redact"]) {
        const res = await post(who, { intent, publicId: onThread, reason: "Förfalskat", confirm: "1", redirectTo: "/" });
        expect(res.status, `${who} ${intent}`).toBe(404);
      }
      expect((await page(who, onThread)).status, who).toBe(404);
    }
    const r = await row(onThread);
    expect([r.hidden_at, r.redacted_at]).toEqual([null, null]);
    expect(await audit("thread.attachment_hide")).toEqual([]);
    expect((await download("memberB", onThread)).status).toBe(200);
  });

  it("a moderator in scope sees the page; a hide needs a reason (400, what was typed kept)", async () => {
    const res = await page("moderatorA", onThread);
    const data = (await res.json()) as { attachment: { filename: string }; back: string };
    expect(data.attachment.filename).toBe("underlag.pdf");
    expect(data.back).toBe("/t/1");
    const bad = await post("moderatorA", { intent: "hide", publicId: onThread, reason: "  ", redirectTo: "/t/1" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { reason: [{ key: "attachments:moderation.errors.reasonRequired" }] }, values: { intent: "hide", publicId: onThread } });
    expect((await row(onThread)).hidden_at).toBeNull();
  });

  it("hides with the reason and an audit entry, back to the page with a notice; readers get 404 at once; shown again", async () => {
    const res = await post("moderatorA", { intent: "hide", publicId: onThread, reason: "Personuppgifter i filen", redirectTo: `/t/${threadId}-bilagor` });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/t/${threadId}-bilagor?mod=hidden&modTarget=attachment-${onThread}#att-mod-${onThread}`);
    expect((await row(onThread)).hidden_reason).toBe("Personuppgifter i filen");
    expect(await audit("thread.attachment_hide")).toEqual([{ action: "thread.attachment_hide", reason: "Personuppgifter i filen", actor_id: w.viewers.moderatorA!.id, target_type: "thread", target_id: threadId }]);
    expect((await download("memberB", onThread)).status).toBe(404);
    expect((await download("anonymous", onThread)).status).toBe(404);
    expect((await download("moderatorA", onThread)).status).toBe(200);

    const back = await post("moderatorA", { intent: "restore", publicId: onThread, redirectTo: "//evil.example/x" });
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toMatch(/^\/\?mod=restored/); // an outside redirect falls back to the site
    expect((await row(onThread)).hidden_at).toBeNull();
    expect((await audit("thread.attachment_restore")).length).toBe(1);
    expect((await download("memberB", onThread)).status).toBe(200);
  });

  it("redaction shows a confirm step first, then removes the content for good", async () => {
    const hash = (await row(onReply)).blob_hash;
    const first = await post("moderatorA", { intent: "redact", publicId: onReply, reason: "Personnummer", redirectTo: `/t/${threadId}-bilagor#p1` });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ step: "confirm", values: { reason: "Personnummer" } });
    expect((await row(onReply)).redacted_at).toBeNull();
    expect((await download("memberA", onReply)).status).toBe(200);

    const noReason = await post("moderatorA", { intent: "redact", publicId: onReply, reason: "", confirm: "1" });
    expect(noReason.status).toBe(400);
    expect((await row(onReply)).redacted_at).toBeNull();

    const done = await post("moderatorA", { intent: "redact", publicId: onReply, reason: "Personnummer", confirm: "1", redirectTo: `/t/${threadId}-bilagor#p1` });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/t/${threadId}-bilagor?mod=redacted&modTarget=attachment-${onReply}#p1`);
    expect((await row(onReply)).redacted_at).not.toBeNull();
    expect(await audit("post.attachment_redact")).toMatchObject([{ reason: "Personnummer", actor_id: w.viewers.moderatorA!.id, target_type: "post" }]);
    expect(await db.selectFrom("blob_chunks").select("seq").where("hash", "=", hash).execute()).toEqual([]);
    for (const who of ["memberA", "memberB", "moderatorA"] as const) expect((await download(who, onReply)).status, who).toBe(404);
    // Nothing left to moderate: the page and a second redaction are 404.
    expect((await page("moderatorA", onReply)).status).toBe(404);
    expect((await post("moderatorA", { intent: "redact", publicId: onReply, reason: "Igen", confirm: "1" })).status).toBe(404);
  });

  it("on a case: its organisation's moderator may, another organisation's may not", async () => {
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id);
    const up = await upload("ambassadorA", "DPIA", "DPIA.pdf");
    const saved = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { contact_email: w.viewers.ambassadorA!.email }), caseId, { attachments: { publicIds: [up.publicId], keep: [] } });
    expect(saved?.ok).toBe(true);
    // memberB reads the network case but moderates nothing here.
    expect((await post("memberB", { intent: "hide", publicId: up.publicId, reason: "x" })).status).toBe(404);
    expect((await post("networkModerator", { intent: "hide", publicId: up.publicId, reason: "Under granskning" })).status).toBe(303);
    expect((await download("memberB", up.publicId)).status).toBe(404);
    expect((await audit("case.attachment_hide")).map((a) => [a.target_id, a.reason])).toEqual([[caseId, "Under granskning"]]);
  });

  it("nonsense is a 404, a reason over 500 characters a 400", async () => {
    expect((await post("moderatorA", { intent: "delete", publicId: onThread, reason: "x" })).status).toBe(404);
    expect((await post("moderatorA", { intent: "hide", publicId: "../../etc", reason: "x" })).status).toBe(404);
    expect((await post("moderatorA", { intent: "hide", publicId: "finnsinteALLS", reason: "x" })).status).toBe(404);
    expect((await post("moderatorA", { intent: "hide", publicId: onThread, reason: "x".repeat(501) })).status).toBe(400);
  });
});
