import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";

// The cases tables' writes that moderation asks for (hide, outdated, edit, redact, gallring).
// Kysely lives here; app/cases/moderation-state.server.ts is what moderation calls.

type Q = Kysely<Database> | Transaction<Database>;

/** A case's free-text column: always one of the caller's fixed list, never user text. */
export type CaseColumn = string;

export async function setCaseHidden(trx: Q, id: string, h: { at: Date; by: string; reason: string } | null) {
  await trx.updateTable("cases").set({ hidden_at: h?.at ?? null, hidden_by: h?.by ?? null, hidden_reason: h?.reason ?? null }).where("id", "=", id).execute();
}

export async function setCaseOutdated(trx: Q, id: string, note: string | null) {
  await trx.updateTable("cases").set({ outdated_note: note }).where("id", "=", id).execute();
}

export async function setCaseText(trx: Q, id: string, field: CaseColumn, text: string, at: Date) {
  await sql`UPDATE cases SET ${sql.ref(field)} = ${text}, updated_at = ${at} WHERE id = ${id}`.execute(trx);
}

/** The given text columns of a case, or null when it does not exist. */
export async function caseTexts(trx: Q, id: string, fields: readonly CaseColumn[]): Promise<Record<string, string> | null> {
  const { rows } = await sql<Record<string, string>>`SELECT ${sql.join(fields.map((f) => sql.ref(f)))} FROM cases WHERE id = ${id}`.execute(trx);
  return rows[0] ?? null;
}

export async function replaceInCaseColumn(trx: Q, id: string, field: CaseColumn, needle: string, mark: string) {
  await sql`UPDATE cases SET ${sql.ref(field)} = replace(${sql.ref(field)}, ${needle}, ${mark}) WHERE id = ${id}`.execute(trx);
}

/** Replaces a JSON-escaped needle in every stored snapshot of a case. Returns rows changed. */
export async function replaceInSnapshots(trx: Q, id: string, jsonNeedle: string, jsonMark: string): Promise<number> {
  const rev = await sql`UPDATE case_revisions SET snapshot = replace(snapshot::text, ${jsonNeedle}, ${jsonMark})::jsonb
    WHERE case_id = ${id} AND strpos(snapshot::text, ${jsonNeedle}) > 0`.execute(trx);
  return Number(rev.numAffectedRows ?? 0);
}

export async function discussionThreadId(trx: Q, id: string): Promise<string | null> {
  const r = await trx.selectFrom("cases").select("discussion_thread_id").where("id", "=", id).executeTakeFirst();
  return r?.discussion_thread_id ?? null;
}

export async function deleteCaseRow(trx: Q, id: string) {
  await trx.deleteFrom("cases").where("id", "=", id).execute();
}
