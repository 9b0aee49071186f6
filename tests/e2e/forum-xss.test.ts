import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { renderMarkdown, RENDERER_VERSION } from "../../app/lib/markdown.server";
import { appDatabase } from "../support/db";
import { appUrl, useBrowser } from "../support/browser";
import { loadCorpus } from "../support/xss";

// Stored XSS in a real browser: a few hundred public payloads are stored as replies (rendered
// by the app's own renderer) on one public thread; loading the page must run none of them.
// A missing corpus fails the file (loadCorpus throws with the places it looked), never skips it.
const ALL = loadCorpus();
// Every 16th payload: about 400, spread over the whole list.
const PAYLOADS = ALL.filter((_, i) => i % 16 === 0);

const browser = useBrowser();
let db: DB;
let threadPath = "";

beforeAll(async () => {
  db = appDatabase();
  const author = await db.selectFrom("users").select(["id", "primary_org_id"]).where("handle", "=", "lina.ostman").executeTakeFirstOrThrow();
  const now = new Date();
  const t = await db
    .insertInto("threads")
    .values({
      kind: "discussion", title: "XSS-prov", slug: "xss-prov", body_md: PAYLOADS[0], body_html: renderMarkdown(PAYLOADS[0]),
      renderer_version: RENDERER_VERSION, org_id: author.primary_org_id!, visibility: "public", author_id: author.id,
      created_at: now, updated_at: now, last_activity_at: new Date("2020-01-01"),
    })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
  // Half as plain text, half inside a Markdown link/image, so both paths are exercised.
  const rows = PAYLOADS.map((p, i) => {
    const md = i % 3 === 0 ? p : i % 3 === 1 ? `[länk](${p}) ${p}` : `![bild](${p}) **${p}**`;
    return { thread_id: t.id, number: i + 1, author_id: author.id, body_md: md, body_html: renderMarkdown(md), renderer_version: RENDERER_VERSION, created_at: now, updated_at: now };
  });
  await db.insertInto("posts").values(rows).execute();
  await db.updateTable("threads").set({ reply_count: rows.length }).where("id", "=", t.id).execute();
  threadPath = `/t/${t.id}-${t.slug}`;
});
afterAll(() => db?.destroy());

describe("stored XSS in the browser", () => {
  it(`runs none of ${PAYLOADS.length} stored payloads`, async () => {
    expect(PAYLOADS.length).toBeGreaterThan(300);
    const { page } = await browser.open({ locale: "sv-SE" });
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(appUrl("/"))) requests.push(r.url());
    });
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.__xss = 0;
      for (const f of ["alert", "prompt", "confirm", "print"]) w[f] = () => { (w.__xss as number)++; };
    });
    const res = await page.goto(appUrl(threadPath), { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    expect(await page.locator("article.post").count()).toBe(PAYLOADS.length);
    await page.mouse.move(400, 400);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
    expect(dialogs).toBe(0);
    // No element in user content carries script-capable attributes or tags.
    const risky = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll(".post-body *")) {
        if (["SCRIPT", "IFRAME", "OBJECT", "EMBED", "SVG", "STYLE", "LINK", "META", "FORM"].includes(el.tagName.toUpperCase())) out.push(el.outerHTML);
        for (const a of el.getAttributeNames()) if (a.startsWith("on") || a === "style" || a === "srcdoc") out.push(el.outerHTML);
        const href = el.getAttribute("href");
        if (href && /^\s*(javascript|vbscript|data):/i.test(href)) out.push(el.outerHTML);
      }
      return out;
    });
    expect(risky.slice(0, 5)).toEqual([]);
    // Nothing was loaded from outside servers.
    expect(requests).toEqual([]);
  });
});
