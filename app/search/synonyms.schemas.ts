import { z } from "zod";

/** One group: 2–10 terms, separated by commas or new lines, each 1–60 characters. */
export const addSynonymGroupSchema = z.object({
  terms: z.string().max(1000, "search:synonyms.errors.tooLong").transform((s) => s.split(/[,\n]/).map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(60, "search:synonyms.errors.termTooLong")).min(2, "search:synonyms.errors.tooFew").max(10, "search:synonyms.errors.tooMany")),
});

export const removeSynonymGroupSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, "search:synonyms.errors.unknown") });
