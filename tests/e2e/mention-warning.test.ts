import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { makeThread } from "../support/moderation";

// With JavaScript: the autocomplete marks a person who cannot read the thread, and the form's
// warning step (the same one that works without JavaScript) holds the post until confirmed.
const browser = useBrowser();
let db: DB;
const stamp = Date.now().toString(36);

beforeAll(() => {
  db = appDatabase();
});
afterAll(() => db.destroy());

describe("mentions: the writer is told before posting", () => {
  it("autocomplete marks who cannot read; posting asks to confirm, keeps the text, then posts", async () => {
    const gavle = await db.selectFrom("organisations").select("id").where("slug", "=", "gavle").executeTakeFirstOrThrow();
    const peter = await db.selectFrom("users").select("id").where("email", "=", "peter.nystrom@gavle.se").executeTakeFirstOrThrow();
    const threadId = await makeThread(db, { orgId: gavle.id, authorId: peter.id, title: `Internt ${stamp}`, visibility: "organisation" });
    const { page } = await browser.open();
    await signIn(page, "peter.nystrom@gavle.se");
    await page.goto(appUrl(`/t/${threadId}-en-fraga`));
    const box = page.locator(".reply-box textarea[name=body]");
    await box.click();
    await box.pressSequentially("Fråga @ali.h");
    const option = page.getByRole("button", { name: /@ali\.hassan/ });
    await option.waitFor();
    expect(await option.textContent()).toContain("kan inte läsa tråden");
    await option.click();
    await box.pressSequentially("om detta.");
    await page.click(".reply-box button[type=submit]");
    await page.getByText("@ali.hassan kan inte läsa tråden och får ingen avisering om inlägget.").waitFor();
    expect(await box.inputValue()).toBe("Fråga @ali.hassan om detta.");
    expect(await db.selectFrom("posts").select("id").where("thread_id", "=", threadId).execute()).toEqual([]);
    await expectAccessible(page);
    await page.getByLabel("Publicera ändå").check();
    await Promise.all([page.waitForURL((u) => u.hash === "#p1"), page.click(".reply-box button[type=submit]")]);
    expect(await db.selectFrom("posts").select("id").where("thread_id", "=", threadId).execute()).toHaveLength(1);
  });
});
