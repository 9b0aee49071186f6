import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { suggestMentions } from "../../app/notifications/mentions.server";
import { myNotifications } from "../../app/notifications/notifications.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type World } from "../support/principals";
import { runEventJobs } from "../support/jobs";

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
const ctx = (name: keyof World["viewers"]) => ({ db, viewer: w.viewers[name], now: new Date() });
const mentionsOf = async (who: keyof World["viewers"]) => (await myNotifications(ctx(who))).groups.filter((g) => g.kind === "mention");

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
});
afterAll(() => destroy());

describe("@mentions", () => {
  it("links and notifies a mentioned person who can read the post; unknown handles stay text", async () => {
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Vem kan mest om Copilot?", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const b = w.viewers.memberB!.handle;
    const r = await reply(ctx("memberA"), t.id, { body: `Fråga @${b} eller @finns.inte` });
    if (!r.ok) throw new Error("reply failed");
    const post = await db.selectFrom("posts").select("body_html").where("id", "=", r.id).executeTakeFirstOrThrow();
    expect(post.body_html).toContain(`<a href="/u/${b}" class="mention">@${b}</a>`);
    expect(post.body_html).toContain("@finns.inte");
    await runEventJobs(db, url);
    const got = await mentionsOf("memberB");
    expect(got).toHaveLength(1);
    expect(got[0].href).toBe(`/t/${t.id}-vem-kan-mest-om-copilot#p${r.number}`);
  });

  it("does not notify a mentioned person who cannot read the post", async () => {
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Internt i A", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "organisation", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const before = (await mentionsOf("memberB")).length;
    await reply(ctx("memberA"), t.id, { body: `Hej @${w.viewers.memberB!.handle} och @${w.viewers.ambassadorA!.handle}` });
    await runEventJobs(db, url);
    expect((await mentionsOf("memberB")).length).toBe(before);
    expect((await mentionsOf("ambassadorA")).map((g) => g.title)).toContain("Internt i A");
  });

  it("suggests people by handle or name prefix to members only", async () => {
    const prefix = w.viewers.memberB!.handle.slice(0, 8);
    expect((await suggestMentions(ctx("memberA"), `@${prefix}`)).map((p) => p.handle)).toContain(w.viewers.memberB!.handle);
    expect(await suggestMentions(ctx("anonymous"), prefix)).toEqual([]);
    expect(await suggestMentions(ctx("memberA"), "%")).toEqual([]);
  });
});
