import { sql, type RawBuilder } from "kysely";

// The state half of the read rule, as search documents need it: only readable state is ever
// indexed, so no engine, suggestion or facet can show what a reader may not see. Visibility is
// not decided here (every engine applies app/policy's visibleTo at query time).
// TODO(readrule): switch to app/policy helper (readable-state SQL for threads, posts and cases).

/**
 * SQL, true when thread `t` is in a readable state: not deleted, not hidden, and — when it is a
 * case's discussion — its case is published, not deleted and not hidden (the thread's title
 * names the case, so it lives and dies with it).
 */
export function threadStateReadable(t = "t"): RawBuilder<boolean> {
  const ref = (c: string) => sql.ref(`${t}.${c}`);
  return sql<boolean>`(${ref("deleted_at")} IS NULL AND ${ref("hidden_at")} IS NULL AND NOT EXISTS (
    SELECT 1 FROM cases dc WHERE dc.discussion_thread_id = ${ref("id")}
      AND (dc.state <> 'published' OR dc.deleted_at IS NOT NULL OR dc.hidden_at IS NOT NULL)))`;
}

/** SQL, true when post `p` itself is in a readable state (its thread is checked separately). */
export function postStateReadable(p = "p"): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${p}.deleted_at`)} IS NULL AND ${sql.ref(`${p}.hidden_at`)} IS NULL)`;
}

/** A case's own state: published, not deleted, not hidden. */
export const caseStateReadable = (c: { state: string; deleted_at: Date | null; hidden_at: Date | null }) =>
  c.state === "published" && !c.deleted_at && !c.hidden_at;
