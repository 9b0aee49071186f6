import { sql, type Kysely } from "kysely";

// The PostgreSQL search engine's own table: one row per searchable thread, post or case, with the
// same visibility columns as the source (org_id, visibility, shared_org_ids) so that the one
// permission predicate (visibleTo) applies to it directly. Three weighted vectors are generated
// from the text: Swedish stems, English stems and exact words ('simple'). å, ä and ö are kept.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE search_documents (
      doc_type text NOT NULL CHECK (doc_type IN ('thread','post','case')),
      doc_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('question','discussion','case')),
      group_key text NOT NULL,
      parent_id text,
      slug text NOT NULL DEFAULT '',
      path text NOT NULL DEFAULT '',
      title text NOT NULL DEFAULT '',
      parent_title text NOT NULL DEFAULT '',
      summary text NOT NULL DEFAULT '',
      body text NOT NULL DEFAULT '',
      extra_terms text NOT NULL DEFAULT '',
      tags text[] NOT NULL DEFAULT '{}',
      tag_text text NOT NULL DEFAULT '',
      areas text[] NOT NULL DEFAULT '{}',
      org_id bigint NOT NULL,
      visibility text NOT NULL CHECK (visibility IN ('organisation','network','public')),
      shared_org_ids bigint[] NOT NULL DEFAULT '{}',
      status text,
      solved boolean,
      accepted boolean NOT NULL DEFAULT false,
      reply_count integer NOT NULL DEFAULT 0,
      language text NOT NULL DEFAULT 'sv',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      indexed_at timestamptz NOT NULL DEFAULT now(),
      tsv_sv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, title), 'A') ||
        setweight(to_tsvector('swedish'::regconfig, tag_text), 'B') ||
        setweight(to_tsvector('swedish'::regconfig, summary), 'C') ||
        setweight(to_tsvector('swedish'::regconfig, body || ' ' || extra_terms), 'D')
      ) STORED,
      tsv_en tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A') ||
        setweight(to_tsvector('english'::regconfig, tag_text), 'B') ||
        setweight(to_tsvector('english'::regconfig, summary), 'C') ||
        setweight(to_tsvector('english'::regconfig, body), 'D')
      ) STORED,
      tsv_simple tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A') ||
        setweight(to_tsvector('simple'::regconfig, tag_text), 'B') ||
        setweight(to_tsvector('simple'::regconfig, summary), 'C') ||
        setweight(to_tsvector('simple'::regconfig, body), 'D')
      ) STORED,
      PRIMARY KEY (doc_type, doc_id)
    )`.execute(db);
  await sql`CREATE INDEX search_documents_sv_idx ON search_documents USING gin (tsv_sv)`.execute(db);
  await sql`CREATE INDEX search_documents_en_idx ON search_documents USING gin (tsv_en)`.execute(db);
  await sql`CREATE INDEX search_documents_simple_idx ON search_documents USING gin (tsv_simple)`.execute(db);
  await sql`CREATE INDEX search_documents_org_idx ON search_documents (org_id)`.execute(db);
  await sql`CREATE INDEX search_documents_shared_idx ON search_documents USING gin (shared_org_ids)`.execute(db);
  await sql`CREATE INDEX search_documents_parent_idx ON search_documents (parent_id) WHERE parent_id IS NOT NULL`.execute(db);
  // The ranking window walks the most recently active matches first (search/postgres/search.ts).
  await sql`CREATE INDEX search_documents_updated_idx ON search_documents (updated_at DESC)`.execute(db);
  await sql`CREATE INDEX search_documents_tags_idx ON search_documents USING gin (tags)`.execute(db);

  // Vocabulary for "did you mean" and compound splitting: every word seen in any document.
  // Never shown as such: a suggestion is only offered after it is found in a document the
  // viewer may read (see search/postgres/suggest.ts).
  await sql`
    CREATE TABLE search_terms (
      word text PRIMARY KEY,
      ndoc integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE INDEX search_terms_trgm_idx ON search_terms USING gin (word gin_trgm_ops)`.execute(db);

  // Document frequency of Swedish stems, for inverse-document-frequency ranking. Rebuilt by the
  // worker and by reindex; a missing stem counts as rare.
  await sql`
    CREATE TABLE search_lexeme_stats (
      lexeme text PRIMARY KEY,
      ndoc integer NOT NULL
    )`.execute(db);

  await sql`ALTER TABLE search_outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE search_outbox ADD COLUMN last_error text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_outbox DROP COLUMN attempts, DROP COLUMN last_error`.execute(db);
  await db.schema.dropTable("search_lexeme_stats").execute();
  await db.schema.dropTable("search_terms").execute();
  await db.schema.dropTable("search_documents").execute();
}
