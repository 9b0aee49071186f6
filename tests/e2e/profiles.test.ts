import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

// Profiles, expertise and the tag page's experts in a real browser against the production
// server and its seeded data; desktop and phone, Swedish and English, with and without JavaScript.
const browser = useBrowser();
let db: DB;
const PETER = "peter.nystrom@gavle.se";
let expert: { handle: string; name: string; tag: string };

beforeAll(async () => {
  db = appDatabase();
  // The seeded person with the most accepted answers in network-wide or public questions, and their best tag.
  const r = await sql<{ handle: string; name: string; tag: string }>`
    SELECT u.handle, u.name, tg.slug AS tag FROM threads t JOIN posts p ON p.id = t.accepted_post_id JOIN users u ON u.id = p.author_id
      JOIN thread_tags tt ON tt.thread_id = t.id JOIN tags tg ON tg.id = tt.tag_id
     WHERE t.visibility IN ('network','public') AND t.deleted_at IS NULL AND t.hidden_at IS NULL AND p.deleted_at IS NULL AND p.hidden_at IS NULL
       AND u.deactivated_at IS NULL AND tg.merged_into_id IS NULL
     GROUP BY u.handle, u.name, tg.slug ORDER BY count(*) DESC, u.handle LIMIT 1`.execute(db);
  expert = r.rows[0];
});
afterAll(() => db.destroy());

describe("profiles in the browser", () => {
  it("shows expertise and the person's answers, accessible on desktop and phone; screenshots", async () => {
    for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      const s = await browser.open({ viewport });
      await signIn(s.page, PETER);
      await s.page.goto(appUrl(`/u/${expert.handle}`));
      await expect.poll(() => s.page.locator("h1").innerText()).toContain(expert.name);
      expect(await s.page.locator("#expertise-heading").innerText()).toBe("Kunskapsområden");
      expect(await s.page.locator(`.expertise-tags a[href="/tags/${expert.tag}"]`).count()).toBe(1);
      expect(await s.page.locator("#list-answers + ul .badge-ok").count()).toBeGreaterThan(0); // accepted answers marked
      await expectAccessible(s.page);
      await s.page.screenshot({ path: path.join(tmpdir(), `profile-${label}.png`), fullPage: true });
    }
  });

  it("the tag page lists its experts, linked to their profiles, in English too", async () => {
    const s = await browser.open({ locale: "en-GB" });
    await signIn(s.page, PETER);
    await s.page.goto(appUrl(`/tags/${expert.tag}`));
    expect(await s.page.locator("#experts-heading").innerText()).toBe("People with experience");
    expect(await s.page.locator(`.expert-list a[href="/u/${expert.handle}"]`).count()).toBe(1);
    await expectAccessible(s.page);
    await s.page.screenshot({ path: path.join(tmpdir(), "tag-experts.png"), fullPage: true });
  });

  it("without JavaScript the lists page by keyset links, and author names link to profiles", async () => {
    const s = await browser.open({ javaScript: false });
    await signIn(s.page, PETER);
    await s.page.goto(appUrl(`/u/${expert.handle}?list=answers`));
    expect(await s.page.locator("#list-answers").count()).toBe(1);
    expect(await s.page.locator("#expertise-heading").count()).toBe(0);
    await s.page.goto(appUrl("/threads"));
    expect(await s.page.locator('.thread-item .meta a[href^="/u/"]').count()).toBeGreaterThan(0);
  });
});
