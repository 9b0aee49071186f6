import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { AuditAction } from "./audit-actions";

export type AuditEntry = {
  actorId: string | null;
  /** One of AUDIT_ACTIONS (audit-actions.ts): each has a translated name on the log page. */
  action: AuditAction;
  targetType: string; // "thread" | "post" | "case" | "user" | "membership" | "organisation" | …
  targetId: string;
  orgId: string | null; // the organisation whose content or membership it concerns
  reason?: string;
  details?: Record<string, unknown>;
};

/** Every moderation and admin action calls this in the same transaction as the change. */
export async function recordAudit(trx: Transaction<Database> | Kysely<Database>, e: AuditEntry): Promise<void> {
  await trx
    .insertInto("audit_log")
    .values({
      actor_id: e.actorId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      org_id: e.orgId,
      reason: e.reason ?? "",
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}
