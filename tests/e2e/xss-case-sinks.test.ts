import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { DB } from "../../db/client";
import { isHttpUrl } from "../../app/cases/schemas";
import { freshDatabase } from "../support/db";
import { createOrg, createUser } from "../support/factories";
import { detector, launchChromium, loadCorpus, pack, startAppServer, type AppServer } from "../support/xss";

// Stored XSS through every free-text field of a case, in Chromium, with the whole public corpus.
// The corpus is cut into chunks of up to 20,000 characters (a long field's limit), payloads
// separated by blank lines; case k holds chunk (k + f) in its f-th field, so every field of the
// K cases together holds every payload, and K case pages show them all. Short fields, figure
// labels and units, and link labels hold the same chunks beyond their form limits (they render as
// text, so length does not change the escaping; the point is one page showing thousands).
// Adoption notes (2,000 characters) are packed and spread over ten adopting organisations.
// Link URLs keep the form's rule: only payloads that pass it (http/https) are stored as URLs.
const ALL = loadCorpus();
const N = ALL.length;
const CHUNKS = pack(ALL, 20_000, "\n\n");
const K = CHUNKS.length;
const FIELDS = [
  "title", "department", "suppliers", "tool", "problem", "approach", "outcomes", "evaluation_method", "lessons",
  "info_classification", "human_oversight", "data_used", "reuse_needs", "outdated_note",
] as const;
const NOTES = pack(ALL, 2000, "\n");
const ADOPTERS = Math.ceil(NOTES.length / K);
const URLS = ALL.filter((p) => isHttpUrl(p));
const BLOB = "0".repeat(64);

let db: DB;
let destroy: () => Promise<void>;
let app: AppServer;
let browser: Browser;
const caseIds: string[] = [];
const figures: string[] = [];

beforeAll(async () => {
  let url: string;
  ({ db, url, destroy } = await freshDatabase());
  const org = await createOrg(db, { name: "Xss region", slug: "xss-region" });
  const author = await createUser(db, { orgId: org.id, role: "member", name: "Fallförfattare" });
  const adopters = [];
  for (let i = 0; i < ADOPTERS; i++) adopters.push(await createOrg(db, { name: `Adoptant ${i}`, slug: `adoptant-${i}` }));
  const now = new Date();
  for (let k = 0; k < K; k++) {
    const chunk = (f: number) => CHUNKS[(k + f) % K];
    const row = Object.fromEntries(FIELDS.map((f, i) => [f, chunk(i)]));
    const c = await db.insertInto("cases").values({
      ...row, org_id: org.id, visibility: "public", state: "published", language: "sv", slug: `xss-${k}`,
      summary: chunk(0).slice(0, 300), created_by: author.id, published_at: now, last_updated: "2026-01-01",
      area: "it", status: "pilot", evaluated: "formal", ai_act_risk: "limited",
    } as never).returning("id").executeTakeFirstOrThrow();
    caseIds.push(c.id);
    // Twenty figure rows and twenty link rows (the form's maximum), labels and units from the chunks.
    const rows = pack(chunk(FIELDS.length).split("\n\n"), Math.ceil(chunk(FIELDS.length).length / 20) + 200, "\n\n").slice(0, 20);
    await db.insertInto("case_figures").values(rows.map((label, i) => ({ case_id: c.id, position: i, label, value: "12.5", unit: label.slice(0, 40) }))).execute();
    await db.insertInto("case_links").values(rows.map((label, i) => ({ case_id: c.id, position: i, label, url: URLS[(k * 20 + i) % Math.max(1, URLS.length)] ?? "https://example.org/" }))).execute();
    await db.insertInto("adoptions").values(adopters.map((a, j) => ({
      case_id: c.id, org_id: a.id, status: "adopted" as const, adopted_on: "2026-01-01", note: NOTES[(k * ADOPTERS + j) % NOTES.length], created_by: author.id,
    }))).execute();
    // Twenty attachments (the per-case maximum) whose titles and file names carry further chunks.
    // Stored as rows straight away: an upload would clean the file name first, and the point is
    // that the page escapes whatever a name or title holds.
    const titles = pack(chunk(FIELDS.length + 1).split("\n\n"), Math.ceil(chunk(FIELDS.length + 1).length / 20) + 200, "\n\n").slice(0, 20);
    const names = pack(chunk(FIELDS.length + 2).split("\n\n"), 200, " ").slice(0, 20);
    await db.insertInto("blobs").values({ hash: BLOB, size: 1 }).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto("attachments").values(titles.map((title, i) => ({
      public_id: `xsscase${k}n${i}`, blob_hash: BLOB, filename: `${(names[i] ?? "fil").slice(0, 200)}.pdf`, title, mime: "application/pdf", kind: "document" as const,
      size: 1, uploader_id: author.id, parent_type: "case" as const, parent_id: c.id, position: i, attached_at: now, variants: "[]",
    }))).execute();
  }
  app = await startAppServer(url);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  console.log(`XSS case sinks: ${figures.join("; ")}`);
  await browser?.close();
  await app?.stop();
  await destroy?.();
});

describe("stored XSS corpus through every case field", () => {
  it(`runs none of ${N} payloads in ${FIELDS.length} text fields, figures, links, adoption notes and attachment titles and names`, async () => {
    const d = await detector(browser, app.base);
    for (const [k, id] of caseIds.entries()) {
      const text = await d.visit(`/cases/${id}-xss-${k}`);
      // The payloads are on the page as text (a sample of the problem field's chunk).
      const sample = CHUNKS[(k + FIELDS.indexOf("department")) % K].split("\n\n").filter((p) => p.length > 12 && !/[*_`\[\]<>&#\\]/.test(p)).slice(0, 20);
      if (sample.length) expect(sample.filter((p) => text.includes(p)).length, `case ${k} shows its department as text`).toBeGreaterThan(0);
      const titles = CHUNKS[(k + FIELDS.length + 1) % K].split("\n\n").filter((p) => p.length > 12 && !/[*_`\[\]<>&#\\]/.test(p)).slice(0, 20);
      if (titles.length) expect(titles.filter((p) => text.includes(p)).length, `case ${k} shows its attachments' titles as text`).toBeGreaterThan(0);
    }
    // The list: titles and summaries on cards.
    await d.visit("/cases");
    expect(d.findings).toEqual([]);
    figures.push(
      `${N} payloads × ${FIELDS.length} case text fields + figure labels + figure units (first 40 chars) + link labels, in ${K} chunks on ${K} case pages`,
      `adoption notes ${N} payloads in ${NOTES.length} notes`, `attachment titles and file names 20 per case on ${K} case pages`, `link URLs ${URLS.length} payloads pass the form's http(s) rule`,
      `summary ${K} × 300 characters`, `executions ${d.findings.length}`,
    );
    await d.context.close();
  }, 240_000);
});
