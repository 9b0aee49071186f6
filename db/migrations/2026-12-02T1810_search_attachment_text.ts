import { sql, type Kysely } from "kysely";

// The extracted text of a parent's attachments is indexed WITH the parent (issue 12): a search
// for a word that is only in "Kravspecifikation.pdf" finds the case it is attached to.
// `attachments` holds [{ "name": "Kravspecifikation.pdf", "text": "…" }] (for the snippet that
// names the file); `attachment_text` is all of it joined, and goes into the three vectors with
// weight D, PostgreSQL's lowest class, so the title (A), tags (B) and summary (C) outrank it.
// SET EXPRESSION (PostgreSQL 17+) keeps the vectors' GIN indexes and rewrites the table once.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_documents
              ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
              ADD COLUMN attachment_text text NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE search_documents
    ALTER COLUMN tsv_sv SET EXPRESSION AS (
      setweight(to_tsvector('swedish'::regconfig, title), 'A') ||
      setweight(to_tsvector('swedish'::regconfig, tag_text), 'B') ||
      setweight(to_tsvector('swedish'::regconfig, summary), 'C') ||
      setweight(to_tsvector('swedish'::regconfig, body || ' ' || extra_terms || ' ' || attachment_text), 'D')),
    ALTER COLUMN tsv_en SET EXPRESSION AS (
      setweight(to_tsvector('english'::regconfig, title), 'A') ||
      setweight(to_tsvector('english'::regconfig, tag_text), 'B') ||
      setweight(to_tsvector('english'::regconfig, summary), 'C') ||
      setweight(to_tsvector('english'::regconfig, body || ' ' || attachment_text), 'D')),
    ALTER COLUMN tsv_simple SET EXPRESSION AS (
      setweight(to_tsvector('simple'::regconfig, title), 'A') ||
      setweight(to_tsvector('simple'::regconfig, tag_text), 'B') ||
      setweight(to_tsvector('simple'::regconfig, summary), 'C') ||
      setweight(to_tsvector('simple'::regconfig, body || ' ' || attachment_text), 'D'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_documents
    ALTER COLUMN tsv_sv SET EXPRESSION AS (
      setweight(to_tsvector('swedish'::regconfig, title), 'A') ||
      setweight(to_tsvector('swedish'::regconfig, tag_text), 'B') ||
      setweight(to_tsvector('swedish'::regconfig, summary), 'C') ||
      setweight(to_tsvector('swedish'::regconfig, body || ' ' || extra_terms), 'D')),
    ALTER COLUMN tsv_en SET EXPRESSION AS (
      setweight(to_tsvector('english'::regconfig, title), 'A') ||
      setweight(to_tsvector('english'::regconfig, tag_text), 'B') ||
      setweight(to_tsvector('english'::regconfig, summary), 'C') ||
      setweight(to_tsvector('english'::regconfig, body), 'D')),
    ALTER COLUMN tsv_simple SET EXPRESSION AS (
      setweight(to_tsvector('simple'::regconfig, title), 'A') ||
      setweight(to_tsvector('simple'::regconfig, tag_text), 'B') ||
      setweight(to_tsvector('simple'::regconfig, summary), 'C') ||
      setweight(to_tsvector('simple'::regconfig, body), 'D'))`.execute(db);
  await sql`ALTER TABLE search_documents DROP COLUMN attachments, DROP COLUMN attachment_text`.execute(db);
}
