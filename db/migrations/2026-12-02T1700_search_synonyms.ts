import { sql, type Kysely } from "kysely";

// Admin-managed search synonyms (issue 18): groups of words or short phrases that a query word is
// also searched as ("dpia" also finds "konsekvensbedömning"). Terms are stored lower-cased, NFC.
// Soft delete: a removed group keeps who removed it and when.
const SEED: string[][] = [
  ["dpia", "konsekvensbedömning", "konsekvensbedömning avseende dataskydd"],
  ["inköp", "upphandling"],
  ["hr", "personal", "personalavdelning"],
  ["ai-förordningen", "ai act", "ai-akten"],
  ["gdpr", "dataskyddsförordningen"],
  ["e-tjänst", "digital tjänst", "etjänst"],
  ["lou", "lagen om offentlig upphandling"],
  ["osl", "offentlighets- och sekretesslagen"],
  ["it", "digitalisering"],
  ["rpa", "automatisering"],
  ["nis2", "cybersäkerhetslagen"],
  ["bot", "chattbot", "chatbot"],
  ["molntjänst", "moln", "cloud"],
  ["e-legitimation", "bankid"],
  ["api", "gränssnitt"],
  ["mötesanteckningar", "protokoll", "minnesanteckningar"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("search_synonyms")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("terms", sql`text[]`, (c) => c.notNull())
    .addColumn("created_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("deleted_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("deleted_at", "timestamptz")
    .execute();
  await sql`CREATE INDEX search_synonyms_terms_idx ON search_synonyms USING gin (terms) WHERE deleted_at IS NULL`.execute(db);
  for (const terms of SEED) await sql`INSERT INTO search_synonyms (terms) VALUES (${terms}::text[])`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_synonyms").execute();
}
