import { createHash } from "node:crypto";
import type { DB } from "../../db/client";
import type { DomainCtx } from "../lib/ctx.server";
import { notFound } from "../lib/http.server";
import { recordAudit } from "../moderation/audit.server";
import { canExportArchive } from "../policy";
import * as repo from "./archive.repo.server";
import { doneArchive, failExport, findExport, finishExport, insertExport, latestExports, setProgress, startExport } from "./exports.repo.server";
import { chunkStream, zipToChunks } from "./zip.server";
import { attachmentsAfter, blobBytes } from "./optional.repo.server";

// The e-archive hand-over (docs/archive-format.md): every thread, reply, revision, case, adoption,
// moderation and gallring decision as JSON Lines, one file per record type, with a SHA-256
// manifest. Modelled on Riksarkivet's e-archive practice: open formats, one record per line, each
// record with its author, organisation, creation time and whether it was drawn up (upprättad) by
// an official of the host organisation or received (inkommen) from someone else.
export const ARCHIVE_TASK = "archive_export";
export const ARCHIVE_SCHEDULED_TASK = "archive_export_scheduled";
export const ARCHIVE_FORMAT_VERSION = "1.0";
/** An archive zip is kept this long for the archivist to fetch (then housekeeping removes its bytes). */
export const ARCHIVE_KEEP_DAYS = 30;

type Fetch = (db: DB, after: string) => Promise<Record<string, unknown>[]>;
const FILES: { file: string; type: string; fetch: Fetch }[] = [
  { file: "organisations.jsonl", type: "organisation", fetch: repo.organisationsAfter },
  { file: "threads.jsonl", type: "thread", fetch: repo.threadsAfter },
  { file: "posts.jsonl", type: "post", fetch: repo.postsAfter },
  { file: "post-revisions.jsonl", type: "post_revision", fetch: repo.postRevisionsAfter },
  { file: "cases.jsonl", type: "case", fetch: repo.casesAfter },
  { file: "case-revisions.jsonl", type: "case_revision", fetch: repo.caseRevisionsAfter },
  { file: "adoptions.jsonl", type: "adoption", fetch: repo.adoptionsAfter },
  { file: "moderation-decisions.jsonl", type: "moderation_decision", fetch: repo.moderationAfter },
  { file: "gallring-decisions.jsonl", type: "gallring_decision", fetch: repo.disposalsAfter },
  { file: "attachments.jsonl", type: "attachment", fetch: (db, after) => attachmentsAfter(db, after, repo.BATCH) },
];

/** A stored file's bytes, counted and hashed as they go into the zip. */
async function* hashed(db: DB, hash: string, tally: { bytes: number; hash: ReturnType<typeof createHash> }): AsyncIterable<Buffer> {
  for await (const b of blobBytes(db, hash)) {
    tally.hash.update(b);
    tally.bytes += b.length;
    yield b;
  }
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/** One archive record: the common envelope first, then the record's own fields. */
export function toRecord(type: string, row: Record<string, unknown>): Record<string, unknown> {
  const { id, org_id, org_name, author_id, author_name, author_org_name, official, created_at, ...rest } = row;
  const fields = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, iso(v)]));
  if (type === "organisation") return { record_type: type, id: String(id), created_at: iso(created_at), ...fields };
  return {
    record_type: type,
    id: String(id),
    created_at: iso(created_at),
    organisation: org_id ? { id: String(org_id), name: org_name } : null,
    author: author_id ? { id: String(author_id), name: author_name, organisation: author_org_name ?? null } : null,
    provenance: official === null || official === undefined ? null : official ? "upprattad" : "inkommen",
    ...fields,
  };
}

async function* lines(db: DB, type: string, fetch: Fetch, tally: { records: number; hash: ReturnType<typeof createHash>; bytes: number }): AsyncIterable<string> {
  let after = "0";
  for (;;) {
    const rows = await fetch(db, after);
    if (!rows.length) return;
    let out = "";
    for (const r of rows) out += `${JSON.stringify(toRecord(type, r))}\n`;
    tally.records += rows.length;
    tally.hash.update(out);
    tally.bytes += Buffer.byteLength(out);
    after = String(rows[rows.length - 1].id);
    yield out;
  }
}

/** The build job: streams every file into the zip, then the manifest and its checksum list. */
export async function runArchiveExport(db: DB, exportId: string, now = () => new Date()): Promise<void> {
  const row = await findExport(db, exportId);
  if (!row || row.kind !== "archive" || row.status === "done" || row.status === "failed") return;
  if (!(await startExport(db, exportId, FILES.length + 1, now()))) return;
  try {
    const files: { path: string; record_type: string; records: number; bytes: number; sha256: string }[] = [];
    const result = await zipToChunks(db, exportId, async (zip) => {
      let done = 0;
      for (const f of FILES) {
        const tally = { records: 0, hash: createHash("sha256"), bytes: 0 };
        await zip.add(`data/${f.file}`, lines(db, f.type, f.fetch, tally));
        files.push({ path: `data/${f.file}`, record_type: f.type, records: tally.records, bytes: tally.bytes, sha256: tally.hash.digest("hex") });
        await setProgress(db, exportId, ++done, f.file);
      }
      // The attachments' files, once each (a file attached twice is stored once), named by their SHA-256.
      const seen = new Set<string>();
      for (let after = "0"; ;) {
        const batch = await attachmentsAfter(db, after, repo.BATCH);
        if (!batch.length) break;
        after = String(batch[batch.length - 1].id);
        for (const a of batch) {
          const h = String(a.blob_hash);
          if (seen.has(h)) continue;
          seen.add(h);
          const tally = { bytes: 0, hash: createHash("sha256") };
          await zip.add(`files/${h}`, hashed(db, h, tally));
          files.push({ path: `files/${h}`, record_type: "file", records: 1, bytes: tally.bytes, sha256: tally.hash.digest("hex") });
        }
      }
      const manifest = {
        format: "allmanning-e-archive", format_version: ARCHIVE_FORMAT_VERSION, created_at: now().toISOString(),
        export_id: exportId, scheduled: row.scheduled, documentation: "docs/archive-format.md", encoding: "UTF-8", files,
      };
      await zip.add("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
      await zip.add("SHA256SUMS", files.map((f) => `${f.sha256}  ${f.path}\n`).join(""));
      await setProgress(db, exportId, ++done, "manifest");
    });
    await finishExport(db, exportId, { ...result, tokenHash: null, expiresAt: new Date(now().getTime() + ARCHIVE_KEEP_DAYS * 86_400_000), at: now() });
    await recordAudit(db, { actorId: row.user_id, action: "archive.exported", targetType: "archive_export", targetId: exportId, orgId: null, details: { bytes: result.bytes, sha256: result.sha256, records: files.reduce((n, f) => n + f.records, 0) } });
  } catch (e) {
    await failExport(db, exportId, (e as Error).message, now());
    throw e;
  }
}

/** Network admin: recent archive exports with progress. */
export async function listArchiveExports(ctx: DomainCtx) {
  if (!canExportArchive(ctx.viewer)) notFound();
  return (await latestExports(ctx.db, "archive", null, 10)).map((r) => ({
    id: r.id, status: r.status, progress: r.progress, total: r.total, step: r.step, scheduled: r.scheduled,
    createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, bytes: Number(r.bytes), sha256: r.sha256,
    available: r.status === "done" && Boolean(r.expires_at && r.expires_at > ctx.now),
  }));
}

/** Network admin: starts an archive export; refused (busy) while one is queued or running. */
export async function requestArchiveExport(ctx: DomainCtx): Promise<{ ok: true; id: string } | { ok: false; reason: "busy" }> {
  if (!canExportArchive(ctx.viewer)) notFound();
  const id = await insertExport(ctx.db, { kind: "archive", userId: ctx.viewer!.id, task: ARCHIVE_TASK });
  return id ? { ok: true, id } : { ok: false, reason: "busy" };
}

/** The scheduled run (ARCHIVE_EXPORT_CRON): queues one unless one is already running. */
export async function scheduleArchiveExport(db: DB): Promise<string | null> {
  return insertExport(db, { kind: "archive", userId: null, task: ARCHIVE_TASK, scheduled: true });
}

/** Network admin: a finished archive zip as a stream (not found once its bytes are gone). */
export async function downloadArchive(ctx: DomainCtx, id: string) {
  if (!canExportArchive(ctx.viewer) || !/^\d{1,18}$/.test(id)) notFound();
  const row = await doneArchive(ctx.db, id, ctx.now);
  if (!row) return null;
  return { stream: chunkStream(ctx.db, row.id), bytes: Number(row.bytes), createdAt: row.created_at };
}
