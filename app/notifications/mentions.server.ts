import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { DomainCtx } from "../lib/ctx.server";
import { canCreateContent } from "../policy";
import { peopleByPrefix, usersByHandles } from "./mentions.repo.server";

type Q = Kysely<Database> | Transaction<Database>;

/** At most this many people are notified from one post; the rest are plain links. */
export const MENTION_CAP = 20;
const HANDLE = "[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?";
const MENTION = new RegExp(`(^|[^\\w.@/])@(${HANDLE})(?![\\w-])`, "gi");

/** The @handles in Markdown, outside code. */
export function mentionHandles(md: string): string[] {
  const text = md.replace(/```[\s\S]*?```|~~~[\s\S]*?~~~|`[^`\n]*`/g, " ");
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[2].toLowerCase()))];
}

/**
 * Turns @handle of a known person into a profile link in rendered (already sanitised) HTML,
 * only in text, never inside a tag, a link or code. Unknown handles stay plain text.
 */
export function linkMentions(html: string, known: Set<string>): string {
  if (!known.size) return html;
  let skip = 0;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith("<")) {
        const m = /^<(\/?)(a|code|pre)\b/i.exec(part);
        if (m) skip += m[1] ? -1 : 1;
        return part;
      }
      if (skip > 0) return part;
      return part.replace(MENTION, (all, pre: string, h: string) =>
        known.has(h.toLowerCase()) ? `${pre}<a href="/u/${h.toLowerCase()}" class="mention">@${h}</a>` : all,
      );
    })
    .join("");
}

/** Write paths: the people a body mentions (known, active, not the writer), capped. */
export async function resolveMentions(db: Q, bodyMd: string, writerId: string): Promise<{ handles: Set<string>; userIds: string[] }> {
  const found = await usersByHandles(db, mentionHandles(bodyMd).slice(0, 50));
  return {
    handles: new Set(found.map((u) => u.handle.toLowerCase())),
    userIds: found.filter((u) => u.id !== writerId).slice(0, MENTION_CAP).map((u) => u.id),
  };
}

/** Members, while writing: people to address whose handle or name starts with `q` (at most 8). */
export async function suggestMentions(ctx: DomainCtx, q: string): Promise<{ handle: string; name: string }[]> {
  if (!canCreateContent(ctx.viewer)) return [];
  const prefix = q.trim().replace(/^@/, "").slice(0, 40);
  if (prefix.length < 1) return [];
  const rows = await peopleByPrefix(ctx.db, prefix, 8);
  return rows.map((r) => ({ handle: r.handle, name: r.name }));
}
