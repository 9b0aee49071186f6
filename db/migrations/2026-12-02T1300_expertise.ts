import { sql, type Kysely } from "kysely";

// Expertise is computed, not stored: a person's score per tag is summed from what the reader may
// read (accepted answers, helpful votes on answers, published cases) every time it is shown, so
// a narrowed visibility or a hidden answer changes it at once. These indexes keep that fast: a
// person's own contributions by author, and a tag's scoring answers by thread.
export async function up(db: Kysely<any>): Promise<void> {
  // Answers that score (voted or accepted); the tag page reads them per thread, the profile per author.
  await sql`CREATE INDEX posts_scoring_idx ON posts (thread_id, author_id) INCLUDE (votes) WHERE deleted_at IS NULL AND hidden_at IS NULL`.execute(db);
  await sql`CREATE INDEX posts_author_keyset_idx ON posts (author_id, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX threads_author_keyset_idx ON threads (author_id, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX threads_accepted_idx ON threads (accepted_post_id) WHERE accepted_post_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_author_keyset_idx ON cases (created_by, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX adoptions_author_keyset_idx ON adoptions (created_by, created_at DESC, id DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ["posts_scoring_idx", "posts_author_keyset_idx", "threads_author_keyset_idx", "threads_accepted_idx", "cases_author_keyset_idx", "adoptions_author_keyset_idx"]) {
    await sql.raw(`DROP INDEX IF EXISTS ${i}`).execute(db);
  }
}
