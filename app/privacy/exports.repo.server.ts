import type { Kysely, Transaction } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../db/types";

// All SQL for data_exports and their chunks (personal-data and archive exports alike).
type Q = Kysely<Database> | Transaction<Database>;
export type ExportKind = "personal" | "archive";
export type ExportRow = Database["data_exports"] extends infer T ? { [K in keyof T]: unknown } : never;

const COLUMNS = ["id", "kind", "user_id", "status", "progress", "total", "step", "bytes", "sha256", "error", "scheduled", "created_at", "started_at", "finished_at", "expires_at", "downloaded_at"] as const;

/**
 * Queues an export and its build job in one statement. Null when one of the same kind (and for
 * personal exports, the same person) is already queued or running: the unique partial index
 * data_exports_one_running decides, so two requests at once still yield one job.
 */
export async function insertExport(db: Q, v: { kind: ExportKind; userId: string | null; task: string; scheduled?: boolean }): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`
    WITH e AS (
      INSERT INTO data_exports (kind, user_id, scheduled) VALUES (${v.kind}, ${v.userId}, ${v.scheduled ?? false})
      ON CONFLICT (kind, (CASE WHEN kind = 'archive' THEN 0 ELSE user_id END)) WHERE status IN ('queued','running') DO NOTHING
      RETURNING id)
    SELECT e.id, graphile_worker.add_job(${v.task}, json_build_object('id', e.id), job_key => 'export:' || e.id, max_attempts => 3) AS job FROM e`.execute(db);
  return rows[0]?.id ?? null;
}

export function findExport(db: Q, id: string) {
  return db.selectFrom("data_exports").select(COLUMNS).where("id", "=", id).executeTakeFirst();
}

export function latestExports(db: Q, kind: ExportKind, userId: string | null, limit = 5) {
  let q = db.selectFrom("data_exports").select(COLUMNS).where("kind", "=", kind).orderBy("id", "desc").limit(limit);
  if (userId) q = q.where("user_id", "=", userId);
  return q.execute();
}

/** Moves a queued export to running (false when it is not queued any more, e.g. a retried job). */
export async function startExport(db: Q, id: string, total: number, at: Date): Promise<boolean> {
  await db.deleteFrom("data_export_chunks").where("export_id", "=", id).execute();
  const r = await db.updateTable("data_exports").set({ status: "running", started_at: at, total, progress: 0 })
    .where("id", "=", id).where("status", "in", ["queued", "running"]).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setProgress(db: Q, id: string, progress: number, step: string) {
  await db.updateTable("data_exports").set({ progress, step }).where("id", "=", id).execute();
}

export async function insertChunk(db: Q, exportId: string, seq: number, bytes: Buffer) {
  await db.insertInto("data_export_chunks").values({ export_id: exportId, seq, bytes }).execute();
}

export async function finishExport(db: Q, id: string, v: { bytes: number; sha256: string; tokenHash: string | null; expiresAt: Date; at: Date }) {
  await db.updateTable("data_exports")
    .set({ status: "done", bytes: v.bytes, sha256: v.sha256, token_hash: v.tokenHash, expires_at: v.expiresAt, finished_at: v.at, step: "done" })
    .where("id", "=", id).execute();
}

export async function failExport(db: Q, id: string, error: string, at: Date) {
  await db.deleteFrom("data_export_chunks").where("export_id", "=", id).execute();
  await db.updateTable("data_exports").set({ status: "failed", error: error.slice(0, 500), finished_at: at }).where("id", "=", id).execute();
}

/**
 * Spends a personal export's link: the export whose id or token hash matches, owned by `userId`, done,
 * not expired and never downloaded, is marked downloaded in the same statement (single use even
 * under two requests at once). Null otherwise.
 */
export async function claimDownload(db: Q, by: { id: string } | { tokenHash: string }, userId: string, now: Date) {
  return db.updateTable("data_exports").set({ downloaded_at: now })
    .where("id" in by ? "id" : "token_hash", "=", "id" in by ? by.id : by.tokenHash).where("user_id", "=", userId).where("kind", "=", "personal")
    .where("status", "=", "done").where("downloaded_at", "is", null).where("expires_at", ">", now)
    .returning(["id", "bytes"]).executeTakeFirst();
}

/** An archive export for a network admin's download (not single use: an archivist may fetch it again). */
export function doneArchive(db: Q, id: string, now: Date) {
  return db.selectFrom("data_exports").select(["id", "bytes", "created_at"]).where("id", "=", id).where("kind", "=", "archive")
    .where("status", "=", "done").where("expires_at", ">", now).executeTakeFirst();
}

/** One chunk by its position (downloads read them one at a time). */
export async function chunkAt(db: Q, exportId: string, seq: number): Promise<Buffer | null> {
  const r = await db.selectFrom("data_export_chunks").select("bytes").where("export_id", "=", exportId).where("seq", "=", seq).executeTakeFirst();
  return r?.bytes ?? null;
}

/** Housekeeping: the bytes of exports past their expiry, and of downloaded personal exports, go. */
export async function purgeExportBytes(db: Q, now: Date): Promise<number> {
  const r = await db.deleteFrom("data_export_chunks")
    .where("export_id", "in", (eb) => eb.selectFrom("data_exports").select("id")
      .where((w) => w.or([w("expires_at", "<", now), w.and([w("kind", "=", "personal"), w("downloaded_at", "is not", null)])])))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Erasure: a person's own exports (their data) go with them. */
export async function deleteExportsOf(db: Q, userId: string) {
  await db.deleteFrom("data_exports").where("kind", "=", "personal").where("user_id", "=", userId).execute();
}
