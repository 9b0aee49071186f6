import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, DEMO_PASSWORD } from "../support/browser";
import { viewerFor } from "../support/factories";
import { createThread } from "../../app/forum/threads.server";

// The notification routes over HTTP on the production server: bad input is a translated 400
// with the field marked, signed-out people get nothing.
let db: DB;
const origin = () => new URL(appUrl()).origin;

async function cookieOf(email: string): Promise<string> {
  const res = await fetch(appUrl("/login"), {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin() },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}
const post = (path: string, cookie: string, body: string, type = "application/x-www-form-urlencoded") =>
  fetch(appUrl(path), { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: origin(), "Content-Type": type }, body });

beforeAll(() => {
  db = appDatabase();
});
afterAll(() => db.destroy());

describe("notification routes", () => {
  it("a malformed watch level answers 400 with the field marked, in Swedish, and changes nothing", async () => {
    const cookie = await cookieOf("peter.nystrom@gavle.se");
    const tag = await db.selectFrom("tags").select("id").executeTakeFirstOrThrow();
    const res = await post("/settings/notifications", cookie, new URLSearchParams({ targetType: "tag", targetId: tag.id, level: "högljudd" }).toString());
    expect(res.status).toBe(400);
    const html = await res.text();
    // The watch form posts here from many pages, so the page's error summary (focused) says what
    // was wrong with the level; no field of that name is on this page to link to.
    const summary = /<div class="error-summary" role="alert"[^>]*autofocus[^>]*>([\s\S]*?)<\/div>/.exec(html);
    expect(summary?.[1]).toContain("Välj en nivå: bevakar, följer, normal eller tystad.");
    for (const body of ['{"level":"muted"}', "targetType=tag&targetId=%00&level=muted", "__proto__=x&level=muted"]) {
      const r = await post("/settings/notifications", cookie, body, body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
      expect(r.status, body).toBe(400);
    }
    const ok = await post("/settings/notifications", cookie, new URLSearchParams({ targetType: "tag", targetId: tag.id, level: "watching", redirectTo: "/notifications" }).toString());
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/notifications");
  });

  it("signed out: no count, no page, no suggestions", async () => {
    expect(await (await fetch(appUrl("/notifications/count"))).json()).toEqual({ unread: null });
    const page = await fetch(appUrl("/notifications"), { redirect: "manual" });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/login/);
    expect(await (await fetch(appUrl("/mentions/suggest?q=pe"))).json()).toEqual({ people: [] });
  });

  it("marking read with a malformed id list is a 400, and marks nothing", async () => {
    const cookie = await cookieOf("peter.nystrom@gavle.se");
    const before = await (await fetch(appUrl("/notifications/count"), { headers: { Cookie: cookie } })).json();
    const r = await post("/notifications", cookie, "intent=markRead&ids=1;DROP");
    expect(r.status).toBe(400);
    expect(await (await fetch(appUrl("/notifications/count"), { headers: { Cookie: cookie } })).json()).toEqual(before);
  });

  it("without JavaScript: a reply mentioning someone who cannot read the thread comes back with the warning and the text kept; confirming posts it", async () => {
    const cookie = await cookieOf("peter.nystrom@gavle.se");
    const peter = await db.selectFrom("users").select("id").where("email", "=", "peter.nystrom@gavle.se").executeTakeFirstOrThrow();
    const gavle = await db.selectFrom("organisations").select("id").where("slug", "=", "gavle").executeTakeFirstOrThrow();
    const tag = await db.selectFrom("tags").select("slug").where("merged_into_id", "is", null).executeTakeFirstOrThrow();
    const t = await createThread({ db, viewer: await viewerFor(db, peter.id), now: new Date() }, {
      kind: "discussion", title: `Internt i Gävle ${Date.now()}`, body: "Text", tags: [tag.slug], orgId: gavle.id, audience: "organisation", sharedOrgIds: [],
    });
    if (!t.ok) throw new Error(`create failed ${JSON.stringify(t)}`);
    const body = "Vad tycker @ali.hassan om <det här>?";
    const held = await post(`/t/${t.id}-${t.slug}`, cookie, new URLSearchParams({ intent: "reply", body }).toString());
    expect(held.status).toBe(400);
    const html = await held.text();
    expect(html).toContain("@ali.hassan kan inte läsa tråden och får ingen avisering om inlägget.");
    expect(html).toContain("Vad tycker @ali.hassan om &lt;det här&gt;?"); // kept in the textarea
    expect(html).toMatch(/<input type="checkbox" id="f-confirmMentions" name="confirmMentions"[^>]* value="1"/);
    expect(html).toContain('<label for="f-confirmMentions">Publicera ändå</label>');
    expect(await db.selectFrom("posts").select("id").where("thread_id", "=", t.id).execute()).toEqual([]);
    const ok = await post(`/t/${t.id}-${t.slug}`, cookie, new URLSearchParams({ intent: "reply", body, confirmMentions: "1" }).toString());
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toMatch(/#p1$/);
  });
});
