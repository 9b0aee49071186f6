import { sql } from "kysely";
import type { DB } from "../../client";

// A few best-practice marks and flags on the demo content, when forum and case data exist.
// Idempotent: marks and flags are only added where none exist yet.
export async function seedModeration(db: DB): Promise<void> {
  const curator = await db.selectFrom("users").select("id").where("handle", "=", "johan.berg").executeTakeFirst();
  const reporter = await db.selectFrom("users").select("id").where("handle", "=", "peter.nystrom").executeTakeFirst();
  if (!curator || !reporter) return;
  const hasMarks = await db.selectFrom("best_practice_marks").select("id").limit(1).executeTakeFirst();
  if (!hasMarks) {
    const { rows: cases } = await sql<{ id: string; org_id: string }>`
      SELECT id, org_id FROM cases WHERE state = 'published' AND deleted_at IS NULL AND hidden_at IS NULL AND visibility <> 'organisation'
      ORDER BY id LIMIT 2`.execute(db);
    const { rows: threads } = await sql<{ id: string; org_id: string }>`
      SELECT id, org_id FROM threads WHERE deleted_at IS NULL AND hidden_at IS NULL AND visibility <> 'organisation' AND reply_count > 0
      ORDER BY id LIMIT 1`.execute(db);
    const notes = [
      "Tydligt beskrivet problem, uppmätta resultat och en ärlig genomgång av vad som inte fungerade.",
      "Bra exempel på mänsklig kontroll och en genomförd konsekvensbedömning.",
      "Frågan fick konkreta svar från tre organisationer – en bra utgångspunkt.",
    ];
    const items = [...cases.map((c) => ({ type: "case" as const, id: String(c.id), orgId: String(c.org_id) })), ...threads.map((t) => ({ type: "thread" as const, id: String(t.id), orgId: String(t.org_id) }))];
    for (const [i, item] of items.entries()) {
      await db.insertInto("best_practice_marks").values({ target_type: item.type, target_id: item.id, curator_id: curator.id, note: notes[i % notes.length] }).execute();
      await db.insertInto("audit_log").values({ actor_id: curator.id, action: `${item.type}.mark_best`, target_type: item.type, target_id: item.id, org_id: item.orgId, reason: notes[i % notes.length], details: "{}" }).execute();
    }
  }
  const hasFlags = await db.selectFrom("flags").select("id").limit(1).executeTakeFirst();
  if (!hasFlags) {
    const { rows: posts } = await sql<{ id: string; org_id: string }>`
      SELECT p.id, t.org_id FROM posts p JOIN threads t ON t.id = p.thread_id
      WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL AND t.visibility <> 'organisation' AND p.author_id <> ${reporter.id}
      ORDER BY p.id DESC LIMIT 1`.execute(db);
    for (const p of posts) {
      await db.insertInto("flags").values({ target_type: "post", target_id: String(p.id), reporter_id: reporter.id, reason: "off_topic", text: "Handlar inte om AI." }).execute();
      await db.insertInto("audit_log").values({ actor_id: reporter.id, action: "post.flag", target_type: "post", target_id: String(p.id), org_id: p.org_id, reason: "off_topic", details: "{}" }).execute();
    }
  }
}
