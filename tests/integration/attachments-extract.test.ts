import { writeFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { canRead, type Viewer } from "../../app/policy";
import { extractText } from "../../app/attachments/extract.server";
import { extractAttachment, queueExtraction } from "../../app/attachments/extract.job.server";
import { deleteAttachment, hideAttachment } from "../../app/attachments/attachments.server";
import { searchForViewer } from "../../app/search/search.server";
import { searchParamsSchema } from "../../app/search/schemas";
import { resources } from "../../app/lib/i18n/resources";
import { PostgresEngine } from "../../search/postgres/engine";
import { refreshStatistics } from "../../search/postgres/indexer";
import { recordSearchChange } from "../../search/outbox";
import { freshDatabase } from "../support/db";
import { createWorld, PRINCIPALS, type World } from "../support/principals";
import { makeCase } from "../support/cases";
import { req, writeThread } from "../support/search";
import { runExtractionJobs, storeAttachment } from "../support/attachment-text";
import {
  docxParts, fixtureDir, lyingZipBomb, odfParts, pdfBytes, pptxParts, xlsxParts, zipFile,
} from "../support/attachment-fixtures";

// Text extraction (real pdfjs-dist, yauzl, worker threads), its bounds, the graphile-worker job
// end to end, and the search hit "i bilagan …" with its snippet — seen by every principal only
// where the parent may be read (the search-hit axis of the attachment matrix).

const MIME = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
};

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let dir: string;
let world: World;

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  dir = await fixtureDir();
  world = await createWorld(db);
});
afterAll(() => destroy());

const file = (name: string) => path.join(dir, name);
const letters = (n: number) => Array.from({ length: n }, () => "bcdfghjklmnpqrstvwxz"[Math.floor(Math.random() * 20)]).join("");

describe("extractText: every document type", () => {
  it("reads the text of a PDF, page by page", async () => {
    await writeFile(file("a.pdf"), await pdfBytes(3, (i) => `Sida ${i + 1}\nUpphandling av taltjänst`));
    const r = await extractText(file("a.pdf"), MIME.pdf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pages).toBe(3);
    expect(r.text).toContain("Sida 3");
    expect(r.text.match(/Upphandling av taltjänst/g)).toHaveLength(3);
  });

  it("reads DOCX, XLSX and PPTX (entities decoded, order kept)", async () => {
    await zipFile(file("a.docx"), docxParts(["Krav & villkor", "Andra <stycket>"]));
    await zipFile(file("a.xlsx"), xlsxParts([["Kommun", "Kostnad"], ["Östhammar", "1200"]]));
    await zipFile(file("a.pptx"), pptxParts(["Bild ett", "Bild två", "c", "d", "e", "f", "g", "h", "i", "Bild tio"]));
    const docx = await extractText(file("a.docx"), MIME.docx);
    expect(docx.ok && docx.text).toBe("Krav & villkor\nAndra <stycket>\n\n");
    const xlsx = await extractText(file("a.xlsx"), MIME.xlsx);
    expect(xlsx.ok && xlsx.text).toContain("Östhammar");
    const pptx = await extractText(file("a.pptx"), MIME.pptx);
    expect(pptx.ok && pptx.text.indexOf("Bild två")).toBeLessThan(pptx.ok ? pptx.text.indexOf("Bild tio") : -1);
  });

  it("reads ODT, ODS and ODP", async () => {
    for (const [kind, ext] of [["text", "odt"], ["spreadsheet", "ods"], ["presentation", "odp"]] as const) {
      await zipFile(file(`a.${ext}`), odfParts(kind, [`Öppet format ${ext}`, "rad två"]));
      const r = await extractText(file(`a.${ext}`), MIME[ext]);
      expect(r.ok && r.text, ext).toContain(`Öppet format ${ext}\nrad två`);
    }
  });

  it("takes TXT, CSV and Markdown as they are", async () => {
    await writeFile(file("a.csv"), "kommun;år\nÅnge;2026\n");
    const r = await extractText(file("a.csv"), "text/csv");
    expect(r.ok && r.text).toBe("kommun;år\nÅnge;2026\n");
    await writeFile(file("a.md"), "# Prompt\n\nDu är en handläggare.");
    expect((await extractText(file("a.md"), "text/markdown")).ok).toBe(true);
  });

  it("refuses types it does not read, and reports a broken PDF as failed", async () => {
    expect(await extractText(file("a.csv"), "image/png")).toMatchObject({ ok: false, error: "unsupported" });
    await writeFile(file("broken.pdf"), "%PDF-1.7\nnot really a pdf\n");
    expect(await extractText(file("broken.pdf"), MIME.pdf)).toMatchObject({ ok: false, error: "failed" });
  });
});

describe("extractText: bounds", () => {
  it("a zip bomb disguised as DOCX stops at the inflate budget, and one that lies about its size at once", async () => {
    await zipFile(file("bomb.docx"), [...docxParts(["x"]).slice(0, 2), { name: "word/document.xml", data: Buffer.alloc(30 * 1024 * 1024, 0x20) }]);
    expect(await extractText(file("bomb.docx"), MIME.docx, { maxInflateBytes: 5 * 1024 * 1024 })).toMatchObject({ ok: false, error: "too_large" });
    await lyingZipBomb(file("lying.docx"), 20 * 1024 * 1024);
    expect(await extractText(file("lying.docx"), MIME.docx)).toMatchObject({ ok: false, error: "too_large" });
  });

  it("a huge PDF: the output is capped, pages are capped, and the heap limit ends the thread", async () => {
    await writeFile(file("huge.pdf"), await pdfBytes(300, (i) => `Sida ${i + 1} med ord om upphandling och avtal`));
    const capped = await extractText(file("huge.pdf"), MIME.pdf, { maxChars: 2_000 });
    expect(capped).toMatchObject({ ok: true, truncated: true });
    expect(capped.ok && capped.text.length).toBe(2_000);
    const pages = await extractText(file("huge.pdf"), MIME.pdf, { maxPages: 5 });
    expect(pages.ok && pages.truncated && pages.text.includes("Sida 5 ") && !pages.text.includes("Sida 6 ")).toBe(true);
    expect(await extractText(file("huge.pdf"), MIME.pdf, { maxHeapMb: 8 })).toMatchObject({ ok: false, error: "memory" });
  });

  it("a PDF that takes longer than the timeout is given up, and the thread is ended", async () => {
    const r = await extractText(file("huge.pdf"), MIME.pdf, { timeoutMs: 50 });
    expect(r).toMatchObject({ ok: false, error: "timeout" });
    // The process is still fine for the next file.
    expect((await extractText(file("a.csv"), "text/csv")).ok).toBe(true);
  });
});

const viewerOf = (name: (typeof PRINCIPALS)[number]): Viewer | null => world.viewers[name];
const params = (q: string) => searchParamsSchema.parse({ q });

describe("the extraction job and the search hit", () => {
  let caseId: string;
  let attachmentId: string;

  beforeAll(async () => {
    const author = viewerOf("ambassadorA")!;
    caseId = await makeCase(db, author, world.orgA.id, { title: "Röststyrd växel", visibility: "organisation" });
    const pdf = await pdfBytes(4, (i) => (i === 2 ? "Leverantören ska stödja talsyntes på meänkieli och samiska.\nKravnivå: ska-krav." : `Sida ${i + 1}: allmänna villkor.`));
    attachmentId = await storeAttachment(db, { uploaderId: world.userIds.memberA, parentType: "case", parentId: caseId, filename: "Kravspecifikation.pdf", mime: MIME.pdf, bytes: pdf });
  });

  it("runs through graphile-worker: text stored, status done, the case reindexed", async () => {
    expect(await new PostgresEngine(db).search(req("meänkieli"), viewerOf("memberA"))).toMatchObject({ total: 0 });
    expect(await queueExtraction(db, [attachmentId])).toBe(1);
    const pending = await db.selectFrom("attachments").select("text_status").where("id", "=", attachmentId).executeTakeFirstOrThrow();
    expect(pending.text_status).toBe("pending");
    await runExtractionJobs(db, url);
    const row = await db.selectFrom("attachments").select(["text_status", "text_content", "text_error", "text_extracted_at"]).where("id", "=", attachmentId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ text_status: "done", text_error: null });
    expect(row.text_content).toContain("talsyntes på meänkieli");
    expect(row.text_extracted_at).not.toBeNull();
    const queued = await sql<{ n: string }>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'attachment_extract'`.execute(db);
    expect(Number(queued.rows[0].n)).toBe(0);
  });

  it("finds the case by a word only in the PDF, shows 'i bilagan Kravspecifikation.pdf' and a highlighted snippet", async () => {
    await refreshStatistics(db);
    const page = await searchForViewer({ db, viewer: viewerOf("memberA"), now: new Date() }, params("meänkieli"), "sv");
    expect(page.total).toBe(1);
    const hit = page.hits[0];
    expect(hit).toMatchObject({ type: "case", id: caseId, title: "Röststyrd växel" });
    expect(hit.attachment?.filename).toBe("Kravspecifikation.pdf");
    expect(hit.attachment?.snippetHtml).toContain("<mark>meänkieli</mark>");
    const label = (resources.sv.attachments as { search: { inAttachment: string } }).search.inAttachment.replace("{{filename}}", hit.attachment!.filename);
    expect(label).toBe("i bilagan Kravspecifikation.pdf");
    // A word in the case's own text: a normal hit, no attachment line.
    const own = await searchForViewer({ db, viewer: viewerOf("memberA"), now: new Date() }, params("växel"), "sv");
    expect(own.hits.find((h) => h.id === caseId)?.attachment ?? null).toBeNull();
  });

  it("a member of another organisation never sees it (the canary)", async () => {
    const page = await searchForViewer({ db, viewer: viewerOf("memberB"), now: new Date() }, params("meänkieli"), "sv");
    expect(page.total).toBe(0);
    expect(JSON.stringify(page.hits)).not.toContain("Kravspecifikation");
  });

  it("records a file it can't read as failed, with the reason, and keeps the parent searchable", async () => {
    const t = await writeThread(db, { orgId: world.orgA.id, authorId: world.userIds.memberA, title: "Trasig bilaga", body: "Se bilagan." });
    const id = await storeAttachment(db, { uploaderId: world.userIds.memberA, parentType: "thread", parentId: t.threadId, filename: "trasig.pdf", mime: MIME.pdf, bytes: Buffer.from("%PDF-1.7\nbroken\n") });
    expect(await extractAttachment(db, id)).toBe("failed");
    const row = await db.selectFrom("attachments").select(["text_status", "text_error", "text_content"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.text_status).toBe("failed");
    expect(row.text_error).toMatch(/^failed: /);
    expect(row.text_content).toBeNull();
    expect((await new PostgresEngine(db).search(req("Trasig bilaga"), viewerOf("memberA"))).total).toBe(1);
  });
});

describe("moderation of one file takes its words out of search at once", () => {
  it("hide, show again, delete — through the attachments domain", async () => {
    const word = `modbilaga${letters(8)}`;
    const t = await writeThread(db, { orgId: world.orgA.id, authorId: world.userIds.memberA, title: "Tråd med bilaga", body: "Se filen.", visibility: "public" });
    await zipFile(file(`${word}.docx`), docxParts([`Innehåller ${word}.`]));
    const { readFile } = await import("node:fs/promises");
    const id = await storeAttachment(db, { uploaderId: world.userIds.memberA, parentType: "thread", parentId: t.threadId, filename: "Bilaga.docx", mime: MIME.docx, bytes: await readFile(file(`${word}.docx`)) });
    expect(await extractAttachment(db, id)).toBe("done");
    const { public_id } = await db.selectFrom("attachments").select("public_id").where("id", "=", id).executeTakeFirstOrThrow();
    const total = async () => (await new PostgresEngine(db).search(req(word), null)).total;
    expect(await total()).toBe(1);
    const mod = { db, viewer: viewerOf("moderatorA"), now: new Date() };
    expect(await hideAttachment(mod, public_id, "Personuppgifter")).toEqual({ ok: true });
    expect(await total()).toBe(0);
    expect(await hideAttachment(mod, public_id, null)).toEqual({ ok: true });
    expect(await total()).toBe(1);
    expect(await deleteAttachment({ db, viewer: viewerOf("memberA"), now: new Date() }, public_id)).toEqual({ ok: true });
    expect(await total()).toBe(0);
  });
});

// ---- the search-hit axis of the attachment matrix ---------------------------------------------

type ParentKind = "thread" | "post" | "case";
/** "shared": organisation-only, shared with organisation B. */
type Vis = "organisation" | "shared" | "network" | "public";
type State = "live" | "parentHidden" | "parentDeleted" | "caseDraft" | "attachmentHidden" | "attachmentDeleted" | "attachmentRedacted" | "attachmentDetached";
const STATES: State[] = ["live", "parentHidden", "parentDeleted", "caseDraft", "attachmentHidden", "attachmentDeleted", "attachmentRedacted", "attachmentDetached"];

describe("search-hit axis: every principal × parent kind × visibility × state", () => {
  const cells: { kind: ParentKind; vis: Vis; state: State; canary: string; orgId: string }[] = [];

  beforeAll(async () => {
    const author = viewerOf("ambassadorA")!;
    const shared = (vis: Vis) => (vis === "shared" ? [world.orgB.id] : []);
    for (const kind of ["thread", "post", "case"] as ParentKind[]) {
      for (const vis of ["organisation", "shared", "network", "public"] as Vis[]) {
        for (const state of STATES) {
          if (state === "caseDraft" && kind !== "case") continue;
          const canary = `bilagekanarie${letters(10)}`;
          let parentId: string;
          if (kind === "case") {
            parentId = await makeCase(db, author, world.orgA.id, { title: `Fall ${kind} ${vis} ${state}`, visibility: vis, shared_org_ids: shared(vis), intent: state === "caseDraft" ? "save" : "publish" });
          } else {
            const t = await writeThread(db, { orgId: world.orgA.id, authorId: world.userIds.memberA, title: `Tråd ${vis} ${state}`, body: "Öppningstext.", visibility: vis === "shared" ? "organisation" : vis, sharedOrgIds: shared(vis), replies: ["Ett svar."] });
            parentId = kind === "thread" ? t.threadId : t.postIds[0];
          }
          const docx = path.join(dir, `${canary}.docx`);
          await zipFile(docx, docxParts([`Bilagan nämner ${canary} en gång.`]));
          const { readFile } = await import("node:fs/promises");
          const id = await storeAttachment(db, { uploaderId: world.userIds.memberA, parentType: kind, parentId, filename: `${canary}.docx`, mime: MIME.docx, bytes: await readFile(docx) });
          await extractAttachment(db, id);
          // The state changes after extraction, as they would in life; each write records its search change.
          const table = kind === "thread" ? "threads" : kind === "post" ? "posts" : "cases";
          const now = new Date();
          if (state === "parentHidden") await sql`UPDATE ${sql.table(table)} SET hidden_at = ${now} WHERE id = ${parentId}`.execute(db);
          if (state === "parentDeleted") await sql`UPDATE ${sql.table(table)} SET deleted_at = ${now} WHERE id = ${parentId}`.execute(db);
          const col = { attachmentHidden: "hidden_at", attachmentDeleted: "deleted_at", attachmentRedacted: "redacted_at", attachmentDetached: "detached_at" }[state as string];
          if (col) await sql`UPDATE attachments SET ${sql.ref(col)} = ${now} WHERE id = ${id}`.execute(db);
          await recordSearchChange(db, kind, parentId);
          cells.push({ kind, vis, state, canary, orgId: world.orgA.id });
        }
      }
    }
    await refreshStatistics(db);
  }, 240_000);

  it("0 leaks: a canary in an attachment is found exactly where its live parent may be read", async () => {
    const leaks: string[] = [];
    const misses: string[] = [];
    let found = 0;
    for (const who of PRINCIPALS) {
      const v = viewerOf(who);
      for (const c of cells) {
        const scope = c.vis === "shared" ? { visibility: "organisation" as const, sharedOrgIds: [world.orgB.id] } : { visibility: c.vis, sharedOrgIds: [] };
        const may = c.state === "live" && canRead(v, { orgId: c.orgId, ...scope });
        const page = await searchForViewer({ db, viewer: v, now: new Date() }, params(c.canary), "sv");
        const shown = page.total > 0 || JSON.stringify(page.hits).includes(c.canary);
        if (shown && !may) leaks.push(`${who} sees ${c.kind}/${c.vis}/${c.state}`);
        if (!shown && may) misses.push(`${who} misses ${c.kind}/${c.vis}/${c.state}`);
        if (shown && may) {
          found++;
          expect(page.hits[0].attachment?.filename, `${who} ${c.kind}`).toBe(`${c.canary}.docx`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(misses).toEqual([]);
    // The test would notice a search that finds nothing at all.
    expect(found).toBeGreaterThan(20);
  }, 240_000);
});
