import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import { insertEvent } from "./events.repo.server";
import type { DomainEvent } from "./types";

export type { DomainEvent } from "./types";

/**
 * Write paths, inside their transaction: records what happened and enqueues its dispatch job in
 * that same transaction, so the event, the job and the change commit or roll back together. Never
 * sends anything itself (no mail inside a request). Returns the event id.
 */
export function recordEvent(trx: Transaction<Database> | Kysely<Database>, event: DomainEvent): Promise<string> {
  return insertEvent(trx, event);
}

/**
 * The event a case save stands for: "published" the first time it is published, "updated" when a
 * published case's status, outcomes, evaluation or review date changed, else none.
 */
export function caseSaveEvent(
  actorId: string,
  caseId: string,
  before: { state: string; status: string | null; outcomes: string; evaluated: string | null; review_by: unknown } | undefined,
  after: { org_id: string; status?: string | null; outcomes?: string; evaluated?: string | null; review_by?: unknown },
  state: string,
): DomainEvent | null {
  if (state !== "published") return null;
  if (!before || before.state !== "published") return { type: "case.published", actorId, caseId, orgId: after.org_id };
  // `date` columns arrive as a Date at local midnight, form values as "YYYY-MM-DD".
  const day = (d: unknown) =>
    d instanceof Date ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}` : d ? String(d).slice(0, 10) : null;
  const changes = [
    (after.status ?? null) !== before.status ? "status" : null,
    (after.outcomes ?? "") !== before.outcomes ? "outcomes" : null,
    (after.evaluated ?? null) !== before.evaluated ? "evaluated" : null,
    day(after.review_by) !== day(before.review_by) ? "review_by" : null,
  ].filter((c): c is string => c !== null);
  return changes.length ? { type: "case.updated", actorId, caseId, orgId: after.org_id, changes } : null;
}
