import { sql, type RawBuilder } from "kysely";
import { esc } from "./results";

// The "i bilagan Kravspecifikation.pdf" part of a hit (issue 12): when the words matched only in
// an attachment's extracted text, not in the item's own title, summary or body, the hit names
// the first attachment that matched and carries a highlighted snippet from it. Computed only for
// the rows of the page shown (search.ts), from the document's `attachments` column.

const OPTS = 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';

/** JSON { filename, snippetHtml } or NULL, for search_documents `d` and the query CTE `q` (q.hl). */
export function attachmentHitSql(browse: boolean): RawBuilder<unknown> {
  if (browse) return sql`NULL::json`;
  return sql`(SELECT json_build_object('filename', f.a->>'name', 'snippetHtml', ts_headline('swedish', ${esc(sql`(f.a->>'text')`)}, q.hl, ${OPTS}))
    FROM jsonb_array_elements(d.attachments) WITH ORDINALITY AS f(a, n)
    WHERE d.attachment_text <> ''
      AND NOT (to_tsvector('swedish', d.title || ' ' || d.summary || ' ' || d.body) @@ q.hl)
      AND to_tsvector('swedish', f.a->>'text') @@ q.hl
    ORDER BY f.n LIMIT 1)`;
}
