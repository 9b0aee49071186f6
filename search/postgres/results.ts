import { sql, type RawBuilder } from "kysely";
import type { Facets, SearchHit } from "../types";

/** HTML-escapes text in SQL, so ts_headline only ever adds <mark> to already-safe text. */
export const esc = (e: RawBuilder<unknown>) =>
  sql`replace(replace(replace(replace(replace(${e}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;

/**
 * Facet counts over CTE `b` (one row per result group, i.e. per thread or case). A reply carries
 * its thread's kind, tags, organisation, areas and state, so counting groups counts threads.
 */
export const facetsSql = sql`
  SELECT 'kind' AS f, kind AS v, count(*)::int AS n FROM b GROUP BY kind
  UNION ALL SELECT 'tag', t, count(*)::int FROM b, unnest(b.tags) t GROUP BY t
  UNION ALL SELECT 'org', org_id::text, count(*)::int FROM b GROUP BY org_id
  UNION ALL SELECT 'area', a, count(*)::int FROM b, unnest(b.areas) a GROUP BY a
  UNION ALL SELECT 'status', status, count(*)::int FROM b WHERE status IS NOT NULL GROUP BY status
  UNION ALL SELECT 'answered', 'solved', count(*)::int FROM b WHERE kind = 'question' AND solved
  UNION ALL SELECT 'answered', 'unsolved', count(*)::int FROM b WHERE kind = 'question' AND NOT solved
  UNION ALL SELECT 'answered', 'unanswered', count(*)::int FROM b WHERE kind = 'question' AND NOT solved AND reply_count = 0`;

/** Accepts only escaped text plus <mark>…</mark>; anything else falls back to plain escaped text. */
export function safeSnippet(html: string | null | undefined): string {
  const s = html ?? "";
  const stripped = s.replace(/<\/?mark>/g, "");
  if (/[<>]/.test(stripped)) return stripped.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));
  return s;
}

export function safeHit(h: SearchHit & { titleHtml?: string }): SearchHit {
  const attachment = h.attachment ? { filename: String(h.attachment.filename), snippetHtml: safeSnippet(h.attachment.snippetHtml) } : null;
  return { ...h, snippetHtml: safeSnippet(h.snippetHtml), titleHtml: safeSnippet(h.titleHtml), attachment, score: Number(h.score) } as SearchHit;
}

export function toFacets(rows: { f: string; v: string; n: number }[]): Facets {
  const facets: Facets = { kind: [], tag: [], org: [], area: [], status: [], answered: [] };
  for (const r of rows) {
    const list = facets[r.f as keyof Facets];
    if (list) list.push({ value: r.v, count: Number(r.n) });
  }
  for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, "sv"));
  return facets;
}
