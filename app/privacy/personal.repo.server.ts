import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";

// The reads behind a personal-data export: rows the person made or that are about them. Titles
// of other people's items are never selected here; the export names them only through
// readableTargets (app/policy), as the person could read them today.
type Q = Kysely<Database> | Transaction<Database>;

export function profileOf(db: Q, userId: string) {
  return db.selectFrom("users as u").leftJoin("organisations as o", "o.id", "u.primary_org_id")
    .select(["u.id", "u.email", "u.handle", "u.name", "u.title", "u.locale", "u.network_role", "u.email_verified_at", "u.deactivated_at", "u.created_at", "o.name as primary_org"])
    .where("u.id", "=", userId).executeTakeFirst();
}

export function membershipRows(db: Q, userId: string) {
  return db.selectFrom("memberships as m").innerJoin("organisations as o", "o.id", "m.org_id")
    .select(["o.slug", "o.name", "m.role", "m.created_at"]).where("m.user_id", "=", userId).orderBy("o.name").execute();
}

/** Threads the person opened (their own text, whatever state it is in now). */
export function threadsBy(db: Q, userId: string) {
  return db.selectFrom("threads").select(["id", "kind", "title", "body_md", "visibility", "created_at", "updated_at", "deleted_at", "hidden_at"])
    .where("author_id", "=", userId).orderBy("id").execute();
}

export function postsBy(db: Q, userId: string) {
  return db.selectFrom("posts").select(["id", "thread_id", "number", "body_md", "votes", "created_at", "updated_at", "deleted_at", "hidden_at"])
    .where("author_id", "=", userId).orderBy("id").execute();
}

/** Revisions of the person's own threads and replies (text they wrote, and edits made to it). */
export function revisionsOfOwn(db: Q, userId: string) {
  return db.selectFrom("post_revisions as r")
    .leftJoin("posts as p", "p.id", "r.post_id")
    .innerJoin("threads as t", "t.id", "r.thread_id")
    .select(["r.id", "r.thread_id", "r.post_id", "r.old_title", "r.new_title", "r.old_body_md", "r.new_body_md", "r.created_at", "r.editor_id"])
    .where((eb) => eb.or([
      eb.and([eb("r.post_id", "is", null), eb("t.author_id", "=", userId)]),
      eb("p.author_id", "=", userId),
    ]))
    .orderBy("r.id").execute();
}

export function casesBy(db: Q, userId: string) {
  return db.selectFrom("cases").select(["id", "title", "state", "visibility", "created_at", "updated_at", "deleted_at", "created_by", "contact_user_id"])
    .where((eb) => eb.or([eb("created_by", "=", userId), eb("contact_user_id", "=", userId)])).orderBy("id").execute();
}

export function caseRevisionsBy(db: Q, userId: string) {
  return db.selectFrom("case_revisions").select(["id", "case_id", "action", "created_at"]).where("editor_id", "=", userId).orderBy("id").execute();
}

export function votesBy(db: Q, userId: string) {
  return db.selectFrom("votes").select(["post_id", "created_at"]).where("user_id", "=", userId).orderBy("created_at").execute();
}

export function flagsBy(db: Q, userId: string) {
  return db.selectFrom("flags").select(["id", "target_type", "target_id", "reason", "text", "status", "created_at", "handled_at"])
    .where("reporter_id", "=", userId).orderBy("id").execute();
}

export function meTooBy(db: Q, userId: string) {
  return db.selectFrom("question_followers").select(["thread_id", "created_at"]).where("user_id", "=", userId).orderBy("created_at").execute();
}

export async function watchesBy(db: Q, userId: string) {
  const [watches, threadWatchers] = await Promise.all([
    db.selectFrom("watches").select(["target_type", "target_id", "level", "first_post_only", "created_at", "updated_at"]).where("user_id", "=", userId).execute(),
    db.selectFrom("thread_watchers").select(["thread_id", "created_at"]).where("user_id", "=", userId).execute(),
  ]);
  return { watches, threadWatchers };
}

/** What the person was shown of each thread, and their last look at the thread list (issue 16's markers). */
export async function readStateOf(db: Q, userId: string) {
  const [reads, visits] = await Promise.all([
    db.selectFrom("thread_reads").select(["thread_id", "last_read_number", "last_read_at"]).where("user_id", "=", userId).orderBy("last_read_at").execute(),
    db.selectFrom("forum_visits").select(["seen_at", "previous_seen_at"]).where("user_id", "=", userId).execute(),
  ]);
  return { reads, visits };
}

/** The accessibility reports the person sent while signed in. */
export const accessibilityReportsBy = (db: Q, userId: string) =>
  db.selectFrom("accessibility_reports").select(["name", "email", "page", "description", "locale", "status", "handled_at", "created_at"])
    .where("reporter_id", "=", userId).orderBy("created_at").execute();

export function tagNames(db: Q, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom("tags").select(["id", "slug", "name_sv"]).where("id", "in", ids).execute();
}

export function orgNames(db: Q, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom("organisations").select(["id", "slug", "name"]).where("id", "in", ids).execute();
}

export async function mailSettingsOf(db: Q, userId: string) {
  const [preferences, consents] = await Promise.all([
    db.selectFrom("mail_preferences").select(["kind", "cadence", "updated_at"]).where("user_id", "=", userId).orderBy("kind").execute(),
    db.selectFrom("mail_consents").select(["kind", "cadence", "source", "recorded_at"]).where("user_id", "=", userId).orderBy("recorded_at").execute(),
  ]);
  return { preferences, consents };
}

/** Sessions without their ids (a session id is a secret that signs the person in). */
export function sessionsOf(db: Q, userId: string) {
  return db.selectFrom("sessions").select(["created_at", "expires_at", "absolute_expires_at", "user_agent"]).where("user_id", "=", userId).orderBy("created_at").execute();
}

/** Audit entries about the person (target: their user or their memberships) and the ones they made about themselves. */
export function auditAbout(db: Q, userId: string) {
  return db.selectFrom("audit_log").select(["id", "action", "target_type", "actor_id", "reason", "details", "created_at"])
    .where((eb) => eb.or([
      eb.and([eb("target_type", "=", "user"), eb("target_id", "=", userId)]),
      eb.and([eb("target_type", "=", "membership"), eb("target_id", "like", `%:${userId}`)]),
    ]))
    .orderBy("id").execute();
}

export function pendingErasure(db: Q, userId: string) {
  return db.selectFrom("erasure_requests").select(["id", "requested_at"]).where("user_id", "=", userId).where("status", "=", "pending").executeTakeFirst();
}
