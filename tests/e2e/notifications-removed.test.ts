import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { createUser, FACTORY_PASSWORD, viewerFor } from "../support/factories";
import { makeThread } from "../support/moderation";
import { removeMember } from "../../app/orgs/members.server";

// A person removed from an organisation loses its notifications at once, in a real browser: the
// bell of the page they have open drops without a reload, and the notifications page shows the
// item as "no longer available", never its title.
const browser = useBrowser();
let db: DB;
const stamp = Date.now().toString(36);

beforeAll(() => {
  db = appDatabase();
});
afterAll(() => db.destroy());

describe("notifications: removed from an organisation", () => {
  it("the bell drops live and the page shows 'no longer available' without the title", async () => {
    const org = async (slug: string) => (await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
    const gavle = await org("gavle");
    const person = await createUser(db, { memberships: [{ orgId: gavle, role: "member" }, { orgId: await org("sandviken"), role: "member" }], email: `flyttad-${stamp}@gavle.se` });
    const peter = await db.selectFrom("users").select("id").where("email", "=", "peter.nystrom@gavle.se").executeTakeFirstOrThrow();
    const title = `Bara för Gävle ${stamp}`;
    const threadId = await makeThread(db, { orgId: gavle, authorId: peter.id, title, visibility: "organisation" });
    await db.insertInto("notifications").values({ user_id: person.id, kind: "new_thread", thread_id: threadId, actor_id: peter.id, dedupe_key: `removed:${stamp}`, data: "{}" }).execute();

    const { page } = await browser.open();
    await signIn(page, person.email, FACTORY_PASSWORD);
    await page.goto(appUrl("/notifications"));
    await page.getByText(title).first().waitFor();
    const bell = page.locator("a.bell");
    await expect.poll(async () => (await bell.getAttribute("data-unread")) ?? "").toBe("1");
    await expectAccessible(page);

    const eva = await db.selectFrom("users").select("id").where("email", "=", "eva.sjoberg@gavle.se").executeTakeFirstOrThrow();
    const t0 = Date.now();
    expect((await removeMember({ db, viewer: await viewerFor(db, eva.id), now: new Date() }, "gavle", person.id)).ok).toBe(true);
    // The open page, not reloaded: its bell no longer counts it.
    await expect.poll(async () => (await bell.getAttribute("data-unread")) ?? "", { timeout: 5000 }).toBe("0");
    console.log(`bell dropped ${((Date.now() - t0) / 1000).toFixed(2)} s after the removal`);
    expect(Date.now() - t0).toBeLessThan(2000);

    await page.reload();
    await page.getByText("Inte längre tillgänglig").first().waitFor();
    expect(await page.content()).not.toContain(title);
    await expectAccessible(page);
  });
});
