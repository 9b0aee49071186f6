import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import searchCss from "~/styles/search.css";
import { domainCtx } from "~/lib/ctx.server";
import { readSearchParams } from "~/search/params.server";
import { searchForViewer } from "~/search/search.server";
import { timedSearch } from "~/ops/metrics.server";
import { SearchBox } from "~/search/components/search-box";
import { Facets } from "~/search/components/facets";
import { HitList } from "~/search/components/hit-list";
import { Pagination } from "~/search/components/pagination";
import { EmptyState, StartState } from "~/search/components/states";
import { logSearch } from "~/insights/search-log.server";
import { SaveSearch, type SaveFailure } from "~/search/components/save-search";
import { canonicalQuery, saveSearch } from "~/search/saved.server";
import { bodyRefused, readBody } from "~/lib/body.server";
import { badRequest, requireViewer } from "~/lib/http.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.page.params.q ? `Sök: ${data.page.params.q.slice(0, 80)} · Allmänning` : "Sök · Allmänning" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { params, invalid } = readSearchParams(new URL(request.url));
  const query = canonicalQuery(params);
  const ctx = domainCtx(context);
  const page = await timedSearch(process.env.MEILI_HOST ? "meilisearch" : "postgres", () => searchForViewer(ctx, params, context.locale));
  if (invalid.length) page.messages.unshift({ key: "search:error.invalid" });
  // Insights (issue 15): the first results page of a search is logged without the person.
  const askToken = page.state === "results" && params.page <= 1 ? await logSearch(ctx, params.q, page.total) : null;
  return json({ page, query, signedIn: Boolean(ctx.viewer), askHref: askToken ? `/threads/new?fs=${askToken}` : "/threads/new" });
}

// POST /search: "Save this search" (issue 18). Saved → the saved searches page; bad input → 400
// with the search shown again and the typed name kept.
export async function action({ request, context }: ActionFunctionArgs) {
  requireViewer(request, context.viewer);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const r = await saveSearch(domainCtx(context), body.form);
  if (r.ok) return redirect(`/search/saved?${r.created ? "saved" : "already"}=${r.id}#s${r.id}`, 303);
  return badRequest({ errors: r.errors, values: r.values });
}

export default function SearchRoute() {
  const { t } = useTranslation();
  const { page, askHref, query, signedIn } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const failure = failed && "errors" in failed ? (failed as unknown as SaveFailure) : null;
  const busy = useNavigation().state === "loading";
  const p = page.params;
  return (
    <div className="page search-page">
      <h1>{t("search:title")}</h1>
      <Form method="get" action="/search" className="search-form" aria-busy={busy || undefined}>
        <SearchBox defaultValue={p.q} busy={busy} />
        {page.messages.length ? (
          <div className="notice notice-warn" role="status">
            {page.messages.map((m, i) => <p key={i}>{t(m.key, m.params as Record<string, string>)}</p>)}
          </div>
        ) : null}
        {page.fallback ? <p className="notice notice-warn" role="status">{t("search:fallback")}</p> : null}
        {page.state === "start" ? (
          <StartState />
        ) : (
          <div className="two-col search-layout">
            <section aria-labelledby="results-heading" className="search-results">
              <h2 id="results-heading" className="results-count" aria-live="polite">
                {page.capped
                  ? t("search:countCapped", { count: page.total, q: p.q.slice(0, 200) })
                  : p.q ? t("search:countFor", { count: page.total, q: p.q.slice(0, 200) }) : t("search:count", { count: page.total })}
              </h2>
              {page.didYouMean ? (
                <p className="did-you-mean">
                  {t("search:didYouMean")}{" "}
                  <Link to={`/search?q=${encodeURIComponent(page.didYouMean)}`}><strong>{page.didYouMean}</strong></Link>?
                </p>
              ) : null}
              {page.searchedFor ? (
                <p className="searched-for" role="status">
                  {t("search:searchedFor")} <strong>{page.searchedFor}</strong>.{" "}
                  <Link to={exactHref(p)}>{t("search:searchExactly", { q: p.q.slice(0, 200) })}</Link>
                </p>
              ) : null}
              {page.missing.length && page.total > 0 ? (
                <p className="meta soft-and" role="status">
                  {t(page.strictTotal ? "search:missingAlso" : "search:missing", { count: page.missing.length })}{" "}
                  {page.missing.map((w, i) => <span key={w}>{i > 0 ? ", " : ""}<s>{w}</s></span>)}
                </p>
              ) : page.mode === "any" && page.total > 0 && !page.missing.length ? <p className="meta">{t("search:anyMode")}</p> : null}
              {page.hits.length ? <HitList hits={page.hits} /> : <EmptyState hasFilters={hasFilters(p)} q={p.q} askHref={askHref} />}
              {page.hits.length ? <p className="meta"><Link to={askHref}>{t("search:empty.ask")}</Link></p> : null}
              <Pagination page={p.page} pages={page.pages} />
            </section>
            <Facets page={page} />
          </div>
        )}
      </Form>
      {/* A failed save always shows the form again, with what was typed. */}
      {(page.state === "results" && query) || failure ? <SaveSearch query={query} signedIn={signedIn} failure={failure} /> : null}
    </div>
  );
}

/** The same search with exactly the words typed. */
function exactHref(p: { q: string; typ: string[]; tag: string[]; org: string[]; area: string[]; status: string[]; answered?: string; from?: string; to?: string; sort?: string }) {
  const u = new URLSearchParams({ q: p.q });
  for (const k of ["typ", "tag", "org", "area", "status"] as const) for (const v of p[k]) u.append(k, v);
  for (const k of ["answered", "from", "to", "sort"] as const) if (p[k]) u.set(k, p[k] as string);
  u.set("exact", "1");
  return `/search?${u.toString()}`;
}

const hasFilters = (p: { typ: string[]; tag: string[]; org: string[]; area: string[]; status: string[]; answered?: string; from?: string; to?: string }) =>
  p.typ.length + p.tag.length + p.org.length + p.area.length + p.status.length > 0 || Boolean(p.answered || p.from || p.to);
