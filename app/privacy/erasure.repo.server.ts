import { sql, type Transaction, type Kysely } from "kysely";
import type { Database } from "../../db/types";

// All SQL for erasure by anonymisation that is not the forum's or the cases' own (they have
// app/forum/erasure.repo.server.ts and app/cases/erasure.repo.server.ts). Erasing a person is one
// transaction across many capabilities' tables by nature; the rows deleted here are the person's
// own (sessions, tokens, settings, queued mail, memberships), and the scrub replaces the erased
// name, handle and e-mail address in stored text that mentions them (audit log, events, others'
// notifications and queued mails, case revisions, moderation notes, the dev mailbox).
type Tx = Transaction<Database>;
type Q = Kysely<Database> | Tx;

export const ERASED = "[raderad]";

export function insertRequest(db: Q, userId: string) {
  return db.insertInto("erasure_requests").values({ user_id: userId })
    .onConflict((oc) => oc.column("user_id").where("status", "=", "pending").doNothing())
    .returning("id").executeTakeFirst();
}

export function withdrawRequest(db: Q, userId: string, at: Date) {
  return db.updateTable("erasure_requests").set({ status: "withdrawn", handled_at: at }).where("user_id", "=", userId).where("status", "=", "pending").executeTakeFirst();
}

export function pendingRequests(db: Q) {
  return db.selectFrom("erasure_requests as r").innerJoin("users as u", "u.id", "r.user_id")
    .leftJoin("organisations as o", "o.id", "u.primary_org_id")
    .select(["r.id", "r.requested_at", "u.id as user_id", "u.name", "u.email", "u.handle", "o.name as org_name"])
    .where("r.status", "=", "pending").orderBy("r.requested_at").limit(200).execute();
}

export function findRequest(db: Q, id: string) {
  return db.selectFrom("erasure_requests as r").innerJoin("users as u", "u.id", "r.user_id")
    .leftJoin("organisations as o", "o.id", "u.primary_org_id")
    .select(["r.id", "r.status", "r.requested_at", "u.id as user_id", "u.name", "u.email", "u.handle", "u.primary_org_id", "u.erased_at", "o.name as org_name"])
    .where("r.id", "=", id).executeTakeFirst();
}

/** Locks a pending request (and so its person) for the erasure transaction. */
export function lockPending(trx: Tx, id: string) {
  return trx.selectFrom("erasure_requests").select(["id", "user_id"]).where("id", "=", id).where("status", "=", "pending").forUpdate().executeTakeFirst();
}

export async function markDone(trx: Tx, id: string, by: string, at: Date) {
  await trx.updateTable("erasure_requests").set({ status: "done", handled_by: by, handled_at: at }).where("id", "=", id).execute();
}

/** What stays after an erasure, for the confirmation page. */
export async function contentCounts(db: Q, userId: string) {
  const n = (r: { n: string | number | bigint } | undefined) => Number(r?.n ?? 0);
  const [threads, posts, cases, votes, meToo] = await Promise.all([
    db.selectFrom("threads").select((eb) => eb.fn.countAll().as("n")).where("author_id", "=", userId).executeTakeFirst(),
    db.selectFrom("posts").select((eb) => eb.fn.countAll().as("n")).where("author_id", "=", userId).executeTakeFirst(),
    db.selectFrom("cases").select((eb) => eb.fn.countAll().as("n")).where("created_by", "=", userId).executeTakeFirst(),
    db.selectFrom("votes").select((eb) => eb.fn.countAll().as("n")).where("user_id", "=", userId).executeTakeFirst(),
    db.selectFrom("question_followers").select((eb) => eb.fn.countAll().as("n")).where("user_id", "=", userId).executeTakeFirst(),
  ]);
  return { threads: n(threads), posts: n(posts), cases: n(cases), votes: n(votes), meToo: n(meToo) };
}

export async function anonymiseUserRow(trx: Tx, userId: string, v: { name: string; handle: string; email: string; at: Date }) {
  await trx.updateTable("users").set({
    name: v.name, handle: v.handle, email: v.email, title: "", locale: null, password_hash: null, network_role: null,
    deactivated_at: v.at, erased_at: v.at,
  }).where("id", "=", userId).execute();
}

/** The person's own rows: sessions, tokens, sign-ins, settings, notifications, queued mail, memberships. */
export async function deleteOwnRows(trx: Tx, userId: string, email: string, placeholder: string) {
  await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await trx.deleteFrom("email_tokens").where((eb) => eb.or([eb("user_id", "=", userId), eb(eb.fn("lower", ["email"]), "=", email.toLowerCase())])).execute();
  // Accepted invitations stay as the record of who invited whom; the address goes.
  await trx.deleteFrom("invitations").where(sql`lower(email)`, "=", email.toLowerCase()).where("accepted_at", "is", null).execute();
  await trx.updateTable("invitations").set({ email: placeholder }).where(sql`lower(email)`, "=", email.toLowerCase()).execute();
  for (const table of ["sso_identities", "scim_users", "scim_group_members", "watches", "question_routes", "notifications", "mail_preferences", "mail_consents", "digest_runs", "mail_outbox", "memberships", "thread_reads", "forum_visits"] as const) {
    await trx.deleteFrom(table).where("user_id", "=", userId).execute();
  }
  // An accessibility report stays as the record of a shortcoming; who sent it goes.
  await trx.updateTable("accessibility_reports").set({ name: "", email: "", reporter_id: null })
    .where((eb) => eb.or([eb("reporter_id", "=", userId), eb(eb.fn("lower", ["email"]), "=", email.toLowerCase())])).execute();
  await trx.deleteFrom("dev_mailbox").where(sql`lower(to_address)`, "=", email.toLowerCase()).execute();
  // Sign-in and reset counters are keyed by the address.
  await trx.deleteFrom("rate_limits").where(sql`lower(key)`, "like", `%${email.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`).execute();
}

const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A needle as it appears inside jsonb text (quotes and backslashes escaped). */
const inJson = (s: string) => JSON.stringify(s).slice(1, -1);

/** Replaces every needle (case-insensitive) in the text columns that can quote a person. */
export async function scrubText(trx: Tx, needles: string[]) {
  const plain = needles.filter((n) => n.length >= 3);
  if (!plain.length) return;
  await allowAuditMaintenance(trx);
  const re = plain.map(regexEscape).join("|");
  const reJson = plain.map((n) => regexEscape(inJson(n))).join("|");
  const text = (table: string, col: string) =>
    sql`UPDATE ${sql.table(table)} SET ${sql.ref(col)} = regexp_replace(${sql.ref(col)}, ${re}, ${ERASED}, 'gi') WHERE ${sql.ref(col)} ~* ${re}`.execute(trx);
  const json = (table: string, col: string) =>
    sql`UPDATE ${sql.table(table)} SET ${sql.ref(col)} = regexp_replace(${sql.ref(col)}::text, ${reJson}, ${ERASED}, 'gi')::jsonb WHERE ${sql.ref(col)}::text ~* ${reJson}`.execute(trx);
  await text("audit_log", "reason");
  await json("audit_log", "details");
  await json("events", "data");
  await json("notifications", "data");
  await json("mail_outbox", "payload");
  await json("case_revisions", "snapshot");
  await text("flags", "text");
  await text("moderation_notices", "reason");
  await text("dev_mailbox", "subject");
  await text("dev_mailbox", "text_body");
}

/** Allows this transaction (only) to update or delete audit entries (migration 2026-12-02T2002). */
export async function allowAuditMaintenance(trx: Tx) {
  await sql`SELECT set_config('allmanning.audit_maintenance', 'on', true)`.execute(trx);
}
