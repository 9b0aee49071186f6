import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";

// Tables of capabilities built on other branches in parallel (API tokens: wave2-api; attachments:
// wave2-att-core). Until they are merged their tables may be absent, so these statements ask
// PostgreSQL first (to_regclass) and do nothing without them; after the merge they just work.
type Q = Kysely<Database> | Transaction<Database>;

export async function tableExists(db: Q, name: string): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`SELECT to_regclass(${name})::text AS t`.execute(db);
  return Boolean(rows[0]?.t);
}

/** Erasure: the person's personal access tokens (wave2-api) are revoked. */
export async function revokeApiTokens(db: Q, userId: string, at: Date): Promise<number> {
  if (!(await tableExists(db, "public.api_tokens"))) return 0;
  const r = await sql`UPDATE api_tokens SET revoked_at = ${at} WHERE user_id = ${userId} AND revoked_at IS NULL`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export type AttachmentRow = { id: string; public_id: string; blob_hash: string; filename: string; title: string; mime: string; size: string; parent_type: string | null; parent_id: string | null; created_at: Date; deleted_at: Date | null; hidden_at: Date | null };

/** The files a person uploaded (wave2-att-core), live or not, for their own export. */
export async function attachmentsBy(db: Q, userId: string): Promise<AttachmentRow[]> {
  if (!(await tableExists(db, "public.attachments"))) return [];
  const { rows } = await sql<AttachmentRow>`
    SELECT id, public_id, blob_hash, filename, title, mime, size, parent_type, parent_id, created_at, deleted_at, hidden_at
    FROM attachments WHERE uploader_id = ${userId} ORDER BY id`.execute(db);
  return rows;
}

/** Attachments on records, for the archive (attached, not deleted), after `after` by id. */
export async function attachmentsAfter(db: Q, after: string, limit: number): Promise<Record<string, unknown>[]> {
  if (!(await tableExists(db, "public.attachments"))) return [];
  const { rows } = await sql<Record<string, unknown>>`
    SELECT a.id, a.public_id, a.blob_hash, a.filename, a.title, a.mime, a.size, a.parent_type, a.parent_id, a.created_at,
      a.uploader_id AS author_id, u.name AS author_name, ao.name AS author_org_name
    FROM attachments a LEFT JOIN users u ON u.id = a.uploader_id LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE a.parent_id IS NOT NULL AND a.deleted_at IS NULL AND a.id > ${after}::bigint ORDER BY a.id LIMIT ${limit}`.execute(db);
  return rows;
}

/** A stored file's bytes, chunk by chunk (the blob store of wave2-att-core). */
export async function* blobBytes(db: Q, hash: string): AsyncIterable<Buffer> {
  for (let seq = 0; ; seq++) {
    const { rows } = await sql<{ data: Buffer }>`SELECT data FROM blob_chunks WHERE hash = ${hash} AND seq = ${seq}`.execute(db);
    if (!rows[0]) return;
    yield rows[0].data;
  }
}
