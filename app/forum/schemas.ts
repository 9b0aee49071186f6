import { attachmentImagesWithoutAlt } from "../lib/markdown-refs";
import { z } from "zod";
import { TAG_AREAS } from "./types";

export const TITLE_MIN = 5;
export const TITLE_MAX = 150;
export const BODY_MAX = 50_000;
export const TAGS_MAX = 5;

const id = z.string().regex(/^\d{1,18}$/, "form.invalid");
const body = z.string({ required_error: "form.required" }).trim().min(1, "form.required").max(BODY_MAX)
  .refine((s) => attachmentImagesWithoutAlt(s) === 0, "files:errors.altMissing");
const title = z.string({ required_error: "form.required" }).trim().min(TITLE_MIN).max(TITLE_MAX);

// Tags arrive as repeated fields and/or comma-separated text; both are split and de-duplicated.
const tagList = z.preprocess(
  (v) => {
    const all = (Array.isArray(v) ? v : v == null ? [] : [v]).flatMap((x) => String(x).split(","));
    return [...new Set(all.map((x) => x.trim()).filter(Boolean))];
  },
  z.array(z.string().max(60)).min(1, "forum:errors.tagsRequired").max(TAGS_MAX, "forum:errors.tagsTooMany"),
);

export const createThreadSchema = z.object({
  kind: z.enum(["question", "discussion"]).default("question"),
  title,
  body,
  tags: tagList,
  orgId: id,
  audience: z.enum(["organisation", "chosen", "network", "public"]).default("network"),
  sharedOrgIds: z.array(id).default([]),
});
export type CreateThreadInput = z.input<typeof createThreadSchema>;

export const editThreadSchema = z.object({ title, body, reason: z.string().trim().max(300).default("") });
export type EditThreadInput = z.input<typeof editThreadSchema>;

export const replySchema = z.object({ body });
export type ReplyInput = z.input<typeof replySchema>;

export const editPostSchema = z.object({ body, reason: z.string().trim().max(300).default("") });
export type EditPostInput = z.input<typeof editPostSchema>;

const slug = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, "forum:errors.tagSlug");
const synonyms = z.preprocess(
  (v) => [...new Set(String(v ?? "").split(",").map((x) => x.trim().toLowerCase()).filter(Boolean))],
  z.array(z.string().max(60)).max(20),
);

export const createTagSchema = z.object({
  slug,
  nameSv: z.string().trim().min(1, "form.required").max(60),
  nameEn: z.string().trim().min(1, "form.required").max(60),
  description: z.string().trim().max(500).default(""),
  area: z.enum(TAG_AREAS as [string, ...string[]], { errorMap: () => ({ message: "forum:errors.area" }) }),
  synonyms,
});
export type CreateTagInput = z.input<typeof createTagSchema>;

export const updateTagSchema = z.object({
  nameSv: z.string().trim().min(1, "form.required").max(60),
  nameEn: z.string().trim().min(1, "form.required").max(60),
  description: z.string().trim().max(500).default(""),
  synonyms,
});
export type UpdateTagInput = z.input<typeof updateTagSchema>;

export const mergeTagSchema = z.object({ into: z.string().trim().min(1, "form.required") });

export const previewSchema = z.object({ body: z.string().max(BODY_MAX).default("") });
