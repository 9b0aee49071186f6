import { afterAll, beforeAll, describe, expect, it } from "vitest";
import exifr from "exifr";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { attachmentsOf, hideAttachment, dropAttachmentsOf, openDownload, purgeOrphanAttachments, removeBlobsIfUnused, redactAttachment, storeUploads } from "../../app/attachments/attachments.server";
import { readMultipartWithFiles } from "../../app/attachments/intake.server";
import { attachmentLimits } from "../../app/attachments/limits.server";
import { serveAttachment } from "../../app/attachments/serve.server";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { createForumTags } from "../support/forum";
import { makeCase } from "../support/cases";
import { incoming, makeJpegWithExif, makePdf } from "../support/attachments";

// Attachments end to end below HTTP: stored once, attached in the parent's write, served with
// the parent's rule, ranges, hiding with an audit entry, redaction and gallring removing bytes,
// orphan clean-up, and a 200 MB upload refused early with bounded memory.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
const ctx = (p: keyof World["viewers"]) => ({ db, viewer: w.viewers[p], now: new Date() });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db, [{ slug: "bilagor", sv: "Bilagor", en: "Attachments", area: "it" }]);
});
afterAll(() => destroy());

async function upload(p: keyof World["viewers"], bytes: Buffer, name: string) {
  const [r] = await storeUploads(ctx(p), [await incoming(bytes, name)]);
  if (!r.ok) throw new Error(`upload refused: ${r.code}`);
  return r.attachment;
}
async function body(res: Response) {
  return Buffer.from(await res.arrayBuffer());
}
const get = (p: keyof World["viewers"], publicId: string, headers: Record<string, string> = {}, q = "") =>
  serveAttachment(ctx(p), new Request(`http://app.test/a/${publicId}/x${q}`, { headers }), publicId);

describe("attachments", () => {
  it("attaches a PDF to a new org-only thread in the same write, serves it to readers only, with the headers", async () => {
    const pdf = await makePdf("Kravspecifikation", 3);
    const a = await upload("memberA", pdf, "Kravspecifikation.pdf");
    expect(a.pending).toBe(true);
    expect((await get("memberB", a.publicId)).status).toBe(404); // a pending upload is its uploader's alone
    expect((await get("memberA", a.publicId)).status).toBe(200);
    const t = await createThread(ctx("memberA"), { kind: "question", title: "Hur skriver vi kravspecen?", body: "Se bilagan.", tags: ["bilagor"], orgId: w.orgA.id, audience: "organisation", sharedOrgIds: [] }, { attachments: { publicIds: [a.publicId] } });
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const res = await get("moderatorA", a.publicId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="Kravspecifikation.pdf"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(/^sandbox/);
    expect(res.headers.get("cache-control")).toMatch(/^private/);
    expect((await body(res)).equals(pdf)).toBe(true);
    for (const p of ["memberB", "anonymous", "removed", "deactivated"] as const) expect((await get(p, a.publicId)).status, p).toBe(404);
    const list = await attachmentsOf(ctx("memberA"), "thread", [t.id]);
    expect(list.get(t.id)?.map((x) => x.filename)).toEqual(["Kravspecifikation.pdf"]);
    expect((await attachmentsOf(ctx("memberB"), "thread", [t.id])).size).toBe(0);
    // Text extraction is queued in the same transaction.
    const jobs = await sql<{ payload: { attachmentId: string } }>`SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id WHERE k.identifier = 'attachment_extract'`.execute(db);
    const id = (await db.selectFrom("attachments").select("id").where("public_id", "=", a.publicId).executeTakeFirstOrThrow()).id;
    expect(jobs.rows.map((j) => j.payload.attachmentId)).toContain(id);
    const row = await db.selectFrom("attachments").select(["text_status"]).where("public_id", "=", a.publicId).executeTakeFirstOrThrow();
    expect(row.text_status).toBe("pending");
  });

  it("answers ranges with 206 from several chunks, 416 past the end, 304 on a matching ETag", async () => {
    const pdf = Buffer.concat([await makePdf("Stor"), Buffer.alloc(700_000, 7)]);
    const a = await upload("memberA", pdf, "stor.pdf").catch(() => null);
    // A PDF with trailing bytes is still a PDF to the sniffer; if the scan refuses it, use a plain PDF.
    const file = a ?? (await upload("memberA", await makePdf("Stor", 80), "stor.pdf"));
    const bytes = a ? pdf : await body(await get("memberA", file.publicId));
    const mid = await get("memberA", file.publicId, { range: `bytes=100-${Math.min(bytes.length - 1, 300_000)}` });
    expect(mid.status).toBe(206);
    expect(mid.headers.get("content-range")).toBe(`bytes 100-${Math.min(bytes.length - 1, 300_000)}/${bytes.length}`);
    expect((await body(mid)).equals(bytes.subarray(100, Math.min(bytes.length - 1, 300_000) + 1))).toBe(true);
    const tail = await get("memberA", file.publicId, { range: "bytes=-10" });
    expect((await body(tail)).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    expect((await get("memberA", file.publicId, { range: `bytes=${bytes.length}-` })).status).toBe(416);
    const etag = (await get("memberA", file.publicId)).headers.get("etag")!;
    expect((await get("memberA", file.publicId, { "if-none-match": etag })).status).toBe(304);
  });

  it("stores the same bytes once, and a double upload answers the same pending file", async () => {
    const pdf = await makePdf("Samma");
    const a = await upload("memberA", pdf, "samma.pdf");
    const b = await upload("memberA", pdf, "samma.pdf");
    expect(b.publicId).toBe(a.publicId);
    const c = await upload("memberA", pdf, "annat-namn.pdf");
    expect(c.publicId).not.toBe(a.publicId);
    const blobs = await db.selectFrom("attachments").select("blob_hash").where("public_id", "in", [a.publicId, c.publicId]).execute();
    expect(new Set(blobs.map((x) => x.blob_hash)).size).toBe(1);
    const n = await db.selectFrom("blobs").select(({ fn }) => fn.countAll<string>().as("n")).where("hash", "=", blobs[0].blob_hash).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it("re-encodes images: no EXIF in any served size, a srcset and a thumbnail", async () => {
    const jpeg = await makeJpegWithExif();
    expect((await exifr.parse(jpeg, { gps: true }))?.Make).toBe("KameraTillverkare"); // the fixture does carry EXIF
    const img = await upload("memberA", jpeg, "foto.jpg");
    expect(img.kind).toBe("image");
    expect(img.srcset).toMatch(/\?w=480 480w/);
    expect(img.thumbHref).toMatch(/\?w=thumb$/);
    for (const q of ["", "?w=480", "?w=960", "?w=thumb"]) {
      const res = await get("memberA", img.publicId, {}, q);
      expect(res.status, q).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(/^inline/);
      const served = await body(res);
      const exif = await exifr.parse(served, { gps: true, tiff: true, xmp: true, iptc: true }).catch(() => undefined);
      expect(exif?.Make, q).toBeUndefined();
      expect(exif?.latitude, q).toBeUndefined();
    }
    expect((await get("memberA", img.publicId, {}, "?w=123")).status).toBe(404);
  });

  it("refuses what the sniffer refuses, names with path tricks, and sizes over the limit", async () => {
    const html = Buffer.from("<!doctype html><script>alert(1)</script>");
    const out = await storeUploads(ctx("memberA"), [
      await incoming(html, "rapport.pdf"),
      await incoming(await makePdf(), "../../etc/passwd.pdf"),
      await incoming(await makePdf(), "evil\u202Efdp.exe"),
    ]);
    expect(out.map((r) => (r.ok ? "ok" : r.code))).toEqual(["type_not_allowed", "filename_invalid", "filename_invalid"]);
    const small = { ...attachmentLimits(), maxDocumentBytes: 1000 };
    const [big] = await storeUploads(ctx("memberA"), [await incoming(await makePdf("x", 5), "stor.pdf")], { limits: small });
    expect(big.ok ? "ok" : big.code).toBe("too_large");
    const quota = { ...attachmentLimits(), dailyQuotaBytes: 10 };
    const [q] = await storeUploads(ctx("memberA"), [await incoming(await makePdf("kvot"), "kvot.pdf")], { limits: quota });
    expect(q.ok ? "ok" : q.code).toBe("quota");
  });

  it("a moderator hides one attachment of a case with a reason and an audit entry; others get 404 at once", async () => {
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id);
    const up = await upload("ambassadorA", await makePdf("DPIA"), "DPIA.pdf");
    const { saveCase } = await import("../../app/cases/cases.server");
    const { caseForm } = await import("../support/cases");
    const saved = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { contact_email: w.viewers.ambassadorA!.email }), caseId, { attachments: { publicIds: [up.publicId], keep: [], titles: { [up.publicId]: "Konsekvensbedömning" } } });
    expect(saved?.ok).toBe(true);
    expect((await attachmentsOf(ctx("memberB"), "case", [caseId])).get(caseId)?.[0].title).toBe("Konsekvensbedömning");
    expect((await get("memberB", up.publicId)).status).toBe(200); // network case
    expect((await hideAttachment(ctx("memberB"), up.publicId, "Personuppgifter")).ok).toBe(false);
    expect((await hideAttachment(ctx("moderatorA"), up.publicId, "Personuppgifter")).ok).toBe(true);
    expect((await get("memberB", up.publicId)).status).toBe(404);
    expect((await get("ambassadorA", up.publicId)).status).toBe(200); // the uploader still sees it
    expect((await get("moderatorA", up.publicId)).status).toBe(200);
    const audit = await db.selectFrom("audit_log").select(["action", "reason", "target_id"]).where("action", "=", "case.attachment_hide").execute();
    expect(audit).toEqual([{ action: "case.attachment_hide", reason: "Personuppgifter", target_id: caseId }]);
  });

  it("redaction and gallring remove the bytes from blob_chunks for real", async () => {
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Gallras", body: "Text", tags: ["bilagor"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
    if (!t.ok) throw new Error(JSON.stringify(t.errors));
    const pdfA = await makePdf("Redigeras bort");
    const pdfB = await makePdf("Gallras bort");
    const a = await upload("memberA", pdfA, "a.pdf");
    const b = await upload("memberA", pdfB, "b.pdf");
    const r = await reply(ctx("memberA"), t.id, { body: "Två filer" }, { attachments: { publicIds: [a.publicId, b.publicId] } });
    if (!r.ok) throw new Error("reply");
    const hashOf = async (pid: string) => (await db.selectFrom("attachments").select("blob_hash").where("public_id", "=", pid).executeTakeFirstOrThrow()).blob_hash;
    const chunks = async (h: string) => Number((await db.selectFrom("blob_chunks").select(({ fn }) => fn.countAll<string>().as("n")).where("hash", "=", h).executeTakeFirstOrThrow()).n);
    const ha = await hashOf(a.publicId);
    const hb = await hashOf(b.publicId);
    expect(await chunks(ha)).toBeGreaterThan(0);
    expect((await redactAttachment(ctx("moderatorA"), a.publicId, "Personnummer i filen")).ok).toBe(true);
    expect(await chunks(ha)).toBe(0);
    expect((await get("moderatorA", a.publicId)).status).toBe(404);
    // Gallring: the rows go in the disposal's transaction, the bytes once it has committed.
    expect(await removeBlobsIfUnused(db, await dropAttachmentsOf(db, [{ type: "post", ids: [r.id] }]))).toBe(1);
    expect(await chunks(hb)).toBe(0);
    expect(await db.selectFrom("blobs").select("hash").where("hash", "in", [ha, hb]).execute()).toEqual([]);
  });

  it("housekeeping removes pending uploads never attached after the grace period, and their bytes", async () => {
    const pdf = await makePdf("Övergiven");
    const a = await upload("memberB", pdf, "overgiven.pdf");
    const h = (await db.selectFrom("attachments").select("blob_hash").where("public_id", "=", a.publicId).executeTakeFirstOrThrow()).blob_hash;
    const limits = attachmentLimits();
    expect((await purgeOrphanAttachments(db, new Date(), limits)).pending).toBe(0);
    const later = new Date(Date.now() + limits.pendingGraceMs + 60_000);
    const r = await purgeOrphanAttachments(db, later, limits);
    expect(r.pending).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom("attachments").select("id").where("public_id", "=", a.publicId).execute()).toEqual([]);
    expect(await db.selectFrom("blob_chunks").select("seq").where("hash", "=", h).execute()).toEqual([]);
    // Attached files are untouched.
    expect(Number((await db.selectFrom("attachments").select(({ fn }) => fn.countAll<string>().as("n")).where("parent_type", "is not", null).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
  });

  it("cuts a 200 MB upload off at the limit without the process growing", async () => {
    const limits = attachmentLimits();
    const boundary = "----allmanningtest";
    const MB = 1024 * 1024;
    let sent = 0;
    const chunk = Buffer.alloc(MB, 0x41);
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBehålls\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="jatte.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(head);
      },
      pull(c) {
        if (sent >= 200 * MB) return c.close();
        sent += MB;
        c.enqueue(chunk);
      },
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const req = new Request("http://app.test/attachments/upload", { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body: stream, duplex: "half" } as RequestInit);
    const r = await readMultipartWithFiles(req, limits);
    const grown = process.memoryUsage().rss - before;
    await r.cleanup();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe("too_large");
      expect(r.form.get("title")).toBe("Behålls"); // the rest of the form is kept
    }
    expect(sent).toBeLessThan(limits.maxDocumentBytes + 8 * MB); // stopped reading near the limit, not at 200 MB
    expect(grown).toBeLessThan(60 * MB);
  });
});

describe("a broken multipart body on a form that takes files", () => {
  const fields = { title: "Vår upphandling", body: "Vi skrev kravet så här" };
  const parts = (b: string) => Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("");
  it.each([
    ["cut off inside the last field", "multipart/form-data; boundary=zz", parts("zz").slice(0, -4)],
    ["never closed", "multipart/form-data; boundary=zz", parts("zz")],
    ["a boundary that never comes", "multipart/form-data; boundary=other", parts("zz") + "--zz--\r\n"],
    ["no boundary at all", "multipart/form-data", parts("zz") + "--zz--\r\n"],
  ])("%s: refused as unreadable, the typed fields kept", async (_name, type, body) => {
    const r = await readMultipartWithFiles(new Request("http://app.test/ask", { method: "POST", headers: { "content-type": type }, body }), attachmentLimits());
    await r.cleanup();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe("unreadable");
    expect(r.form.get("title")).toBe(fields.title);
    expect(String(r.form.get("body"))).toContain(fields.body.slice(0, 10));
  });
});
