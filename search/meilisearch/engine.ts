import type { Kysely } from "kysely";
import type { MeiliSearch } from "meilisearch";
import type { Database } from "../../db/types";
import type { Viewer } from "../../app/policy/types";
import { parseQuery, type ParsedQuery } from "../query";
import { applyCorrections, corrections } from "../postgres/correct";
import { visible } from "../postgres/search";
import { bounded, SOFT_AND } from "../postgres/engine";
import type { DocKey, Facets, SearchDocument, SearchEngine, SearchHit, SearchRequest, SearchResult } from "../types";
import { meiliClient, type MeiliConfig, MEILI_INDEX } from "./client";
import { filtersToMeili, scopeFilter } from "./filter";
import { indexSettings, synonymsFromGroups } from "./settings";

type MeiliDoc = Omit<SearchDocument, "createdAt" | "updatedAt"> & {
  key: string; createdAtTs: number; updatedAtTs: number; createdAt: string; updatedAt: string;
};

export const meiliKey = (k: DocKey) => `${k.type}_${k.id}`;

const toMeili = (d: SearchDocument): MeiliDoc => ({
  ...d, attachments: d.attachments ?? [], key: meiliKey(d), createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
  createdAtTs: Math.floor(d.createdAt.getTime() / 1000), updatedAtTs: Math.floor(d.updatedAt.getTime() / 1000),
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Meilisearch returns highlighted text with our own unique markers; the text is escaped first,
// then the markers become <mark>, so the snippet can never carry other tags.
const PRE = "\u0001MARK\u0002";
const POST = "\u0001/MARK\u0002";
const markup = (s: string | undefined) => escapeHtml(s ?? "").split(PRE).join("<mark>").split(POST).join("</mark>");

/** The first attachment whose text matched, when the item's own title and summary did not. */
function attachmentHit(f: Record<string, unknown> | undefined): SearchHit["attachment"] {
  if (!f) return null;
  const own = [f.title, f.summary, f.body].some((v) => typeof v === "string" && v.includes(PRE));
  const list = Array.isArray(f.attachments) ? (f.attachments as { name?: string; text?: string }[]) : [];
  const hit = own ? undefined : list.find((a) => typeof a?.text === "string" && a.text.includes(PRE));
  return hit ? { filename: String(hit.name ?? ""), snippetHtml: markup(hit.text) } : null;
}

/** The scale-out engine. Hits are re-checked against PostgreSQL (visibleTo) before they are shown. */
export class MeiliEngine implements SearchEngine {
  readonly name = "meilisearch" as const;
  private readonly client: MeiliSearch;
  private readonly indexUid: string;

  constructor(private readonly db: Kysely<Database>, cfg: MeiliConfig) {
    this.client = meiliClient(cfg);
    this.indexUid = cfg.index ?? MEILI_INDEX;
  }

  private get idx() {
    return this.client.index<MeiliDoc>(this.indexUid);
  }

  /** The synonym groups of both sources: tags (names and synonyms) and the admin-managed list. */
  private async synonyms(): Promise<Record<string, string[]>> {
    const tags = await this.db.selectFrom("tags").select(["name_sv", "name_en", "synonyms"]).execute();
    const admin = await this.db.selectFrom("search_synonyms").select("terms").where("deleted_at", "is", null).execute();
    return synonymsFromGroups([...tags.map((t) => [t.name_sv, t.name_en, ...t.synonyms]), ...admin.map((r) => r.terms)]);
  }

  /** Creates the index (primary key `key`) and applies settings, with the synonyms from the database. */
  async configure(): Promise<void> {
    await this.client.createIndex(this.indexUid, { primaryKey: "key" }).waitTask().catch(() => undefined);
    await this.idx.updateSettings(indexSettings(await this.synonyms())).waitTask();
  }

  /** Sends the current synonyms (after an admin or a tag change; also hourly from the worker). */
  async syncSynonyms(): Promise<void> {
    await this.idx.updateSynonyms(await this.synonyms()).waitTask();
  }

  async index(docs: SearchDocument[]) {
    if (docs.length) await this.idx.addDocuments(docs.map(toMeili), { primaryKey: "key" }).waitTask();
  }

  async remove(keys: DocKey[]) {
    if (keys.length) await this.idx.deleteDocuments(keys.map(meiliKey)).waitTask();
  }

  async search(req: SearchRequest, viewer: Viewer | null): Promise<SearchResult> {
    const q = parseQuery(req.text);
    const first = await this.run(q, req, viewer);
    // Missing å/ä/ö and typos as in the PostgreSQL engine: when few hits came back, the words the
    // viewer's documents lack are corrected from the same scoped vocabulary (PostgreSQL holds it)
    // and searched instead when that finds more, and the page says what was searched.
    if (!req.exact && q.words.length && first.total < SOFT_AND.few) {
      const fix = await bounded(this.db, (trx) => corrections(trx, q.words, viewer));
      if (fix.size) {
        const q1 = applyCorrections(q, fix);
        const second = await this.run(q1, req, viewer);
        if (second.total > first.total) return { ...second, searchedFor: q1.text };
      }
    }
    return first;
  }

  private async run(q: ParsedQuery, req: SearchRequest, viewer: Viewer | null): Promise<SearchResult> {
    const filter = [scopeFilter(viewer), ...filtersToMeili(req.filters)];
    const res = await this.idx.search(q.words.length ? q.text : "", {
      filter,
      facets: ["kind", "tags", "orgId", "areas", "status"],
      page: req.page,
      hitsPerPage: req.perPage,
      sort: req.sort === "newest" || q.words.length === 0 ? ["updatedAtTs:desc"] : undefined,
      // Soft AND, as the PostgreSQL engine relaxes: when every word can't match, the most
      // frequent words are left out first, so the rare (telling) ones keep deciding.
      matchingStrategy: "frequency",
      attributesToHighlight: ["title", "summary", "attachments.text"],
      attributesToCrop: ["summary", "attachments.text"],
      cropLength: 40,
      highlightPreTag: PRE,
      highlightPostTag: POST,
    });
    // Re-check every hit against PostgreSQL: the index may lag behind a visibility change.
    const keys = res.hits.map((h) => ({ type: h.type, id: h.id }));
    const allowed = await this.allowedKeys(keys, viewer);
    const hits: SearchHit[] = res.hits
      .filter((h) => allowed.has(meiliKey(h)))
      .map((h) => ({
        type: h.type, id: h.id, kind: h.kind, parentId: h.parentId, slug: h.slug, path: h.path, title: h.title, parentTitle: h.parentTitle,
        titleHtml: markup(h._formatted?.title ?? h.title),
        snippetHtml: markup((h._formatted?.summary as string | undefined) ?? h.summary.slice(0, 300)),
        attachment: attachmentHit(h._formatted as Record<string, unknown> | undefined),
        tags: h.tags, orgId: h.orgId, visibility: h.visibility, status: h.status, solved: h.solved, accepted: h.accepted,
        replyCount: h.replyCount, createdAt: h.createdAt, updatedAt: h.updatedAt, score: 0,
      }));
    const dist = res.facetDistribution ?? {};
    const facet = (name: string) => Object.entries(dist[name] ?? {}).map(([value, count]) => ({ value, count: Number(count) }));
    const facets: Facets = { kind: facet("kind"), tag: facet("tags"), org: facet("orgId"), area: facet("areas"), status: facet("status"), answered: [] };
    const dropped = res.hits.length - hits.length;
    return { engine: this.name, hits, total: Math.max(0, (res.totalHits ?? hits.length) - dropped), facets, mode: q.words.length ? "all" : "browse", didYouMean: null };
  }

  async suggest(prefix: string, viewer: Viewer | null, limit = 6): Promise<string[]> {
    const r = await this.search({ text: prefix, filters: { kinds: [], tags: [], orgs: [], areas: [], statuses: [], answered: null, from: null, to: null }, page: 1, perPage: limit, sort: "relevance" }, viewer);
    return r.hits.map((h) => h.title || h.parentTitle).filter(Boolean);
  }

  private async allowedKeys(keys: DocKey[], viewer: Viewer | null): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    return bounded(this.db, async (trx) => {
      const rows = await trx
        .selectFrom("search_documents as d")
        .select(["d.doc_type", "d.doc_id"])
        .where((eb) => eb.or(keys.map((k) => eb.and([eb("d.doc_type", "=", k.type), eb("d.doc_id", "=", k.id)]))))
        .where(() => visible(viewer))
        .execute();
      return new Set(rows.map((r) => meiliKey({ type: r.doc_type, id: r.doc_id })));
    });
  }
}
