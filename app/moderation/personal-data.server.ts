import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { Viewer } from "../policy";
import { recordAudit } from "./audit.server";
import { hasRecentEntry } from "./audit-log.repo.server";
import type { Target } from "./types";

// The network moderators' exception for urgent personal data (app/policy/moderation.ts,
// docs/decisions/2026-12-07-network-moderators-personal-data.md): every access outside their
// ordinary scope is written to the audit log, under the item's organisation, so its own
// moderators and admins see who looked and what they did.

/** Repeat views of the same item by the same person within this window are one entry. */
const VIEW_WINDOW_MS = 10 * 60 * 1000;

export async function logPersonalDataAccess(
  db: Kysely<Database> | Transaction<Database>,
  v: Viewer,
  t: Target,
  how: { via: "queue" } | { via: "action"; intent: string },
  now: Date,
) {
  const action = `${t.type}.personal_data_access` as const;
  if (how.via === "queue" && (await hasRecentEntry(db as Kysely<Database>, { actorId: v.id, action, targetType: t.type, targetId: t.id, since: new Date(now.getTime() - VIEW_WINDOW_MS) }))) return;
  await recordAudit(db, { actorId: v.id, action, targetType: t.type, targetId: t.id, orgId: t.orgId, reason: "personal_data", details: how });
}
