import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseCard } from "~/cases/components/case-card";
import { FacetForm } from "~/cases/components/facets";
import { listCases } from "~/cases/listing.server";
import { parseListQuery } from "~/cases/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { canWriteCasesFor } from "~/policy";
import casesCss from "~/styles/cases.css";
import { feedAlternates } from "~/feeds/alternate";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesCss }];
export const meta: MetaFunction = () => [{ title: "Fallstudier · Allmänning" }, ...feedAlternates("cases", "Nya fallstudier")];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = parseListQuery(new URL(request.url).searchParams);
  const result = await listCases(domainCtx(context), query);
  const canCreate = Boolean(context.viewer?.memberships.some((m) => canWriteCasesFor(context.viewer, m.orgId)));
  return json({ ...result, query, canCreate });
}

export default function CasesIndex() {
  const { t } = useTranslation();
  const { cases, total, facets, query, page, pageCount, canCreate } = useLoaderData<typeof loader>();
  const location = useLocation();
  const pageHref = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `?${params.toString()}`;
  };
  return (
    <div className="page cases-page">
      <div className="cases-head">
        <div>
          <h1>{t("cases:title")}</h1>
          <p className="lead">{t("cases:intro")}</p>
        </div>
        {canCreate ? <Link to="/cases/new" className="button">{t("cases:new")}</Link> : null}
      </div>
      <div className="two-col cases-layout">
        <aside className="sidebar" id="filters">
          <p className="to-results"><a href="#results-heading">{t("cases:list.toResults", { count: total })}</a></p>
          <FacetForm facets={facets} query={query} />
          <section aria-labelledby="export-heading" className="export">
            <h2 id="export-heading">{t("cases:list.export")}</h2>
            <ul>
              <li><a href="/cases.csv" download>{t("cases:list.csv")}</a></li>
              <li><a href="/cases.json">{t("cases:list.json")}</a></li>
            </ul>
            <h3 className="h4">{t("feeds:register.heading")}</h3>
            <p className="hint">{t("feeds:register.hint")}</p>
            <ul>
              {(["algoritmeregister", "atrs-tier1", "atrs-tier2"] as const).map((f) => (
                <li key={f}>
                  {t(`feeds:register.${f === "algoritmeregister" ? "nl" : f === "atrs-tier1" ? "tier1" : "tier2"}`)}:{" "}
                  <a href={`/cases/register/${f}.csv${location.search}`} download>CSV</a>{" · "}
                  <a href={`/cases/register/${f}.json${location.search}`}>JSON</a>
                </li>
              ))}
            </ul>
          </section>
        </aside>
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">{t("cases:list.results", { count: total })}</h2>
          {cases.length === 0 ? <p>{t("cases:list.none")}</p> : (
            <ul className="list case-list">
              {cases.map((c) => <CaseCard key={c.id} c={c} />)}
            </ul>
          )}
          {pageCount > 1 ? (
            <nav className="pagination" aria-label={t("cases:list.pagination")}>
              {page > 1 ? <Link to={pageHref(page - 1)} rel="prev">{t("cases:list.prev")}</Link> : null}
              <span>{t("cases:list.page", { page, count: pageCount })}</span>
              {page < pageCount ? <Link to={pageHref(page + 1)} rel="next">{t("cases:list.next")}</Link> : null}
            </nav>
          ) : null}
        </section>
      </div>
    </div>
  );
}
