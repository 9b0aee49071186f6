import type { DB } from "../../db/client";
import type { TagArea } from "../../db/types/forum";

/** A few tags for forum tests (idempotent per database). */
export async function createForumTags(db: DB, tags: { slug: string; sv: string; en: string; area: TagArea; synonyms?: string[] }[] = DEFAULT_TAGS) {
  for (const t of tags) {
    await db
      .insertInto("tags")
      .values({ slug: t.slug, name_sv: t.sv, name_en: t.en, area: t.area, synonyms: t.synonyms ?? [] })
      .onConflict((oc) => oc.column("slug").doNothing())
      .execute();
  }
}

export const DEFAULT_TAGS: { slug: string; sv: string; en: string; area: TagArea; synonyms?: string[] }[] = [
  { slug: "kundtjanst", sv: "Kundtjänst", en: "Customer service", area: "customer_service", synonyms: ["kundservice", "kontaktcenter"] },
  { slug: "upphandling", sv: "Upphandling", en: "Procurement", area: "purchasing", synonyms: ["inköp", "lou"] },
  { slug: "gdpr", sv: "GDPR", en: "GDPR", area: "law_ethics", synonyms: ["dataskydd"] },
  { slug: "rekrytering", sv: "Rekrytering", en: "Recruitment", area: "hr" },
  { slug: "chattbottar", sv: "Chattbottar", en: "Chatbots", area: "customer_service", synonyms: ["chatbot"] },
  { slug: "copilot", sv: "Copilot", en: "Copilot", area: "it" },
];
