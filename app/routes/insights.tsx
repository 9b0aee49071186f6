import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AREAS } from "~/cases/constants";
import { Panel } from "~/insights/components/panel";
import { insightsPage, type FilterValues } from "~/insights/page.server";
import type { PanelView } from "~/insights/view";
import { domainCtx } from "~/lib/ctx.server";
import type { FieldError } from "~/lib/forms.server";
import { requireViewer } from "~/lib/http.server";
import { listOrganisations } from "~/orgs/orgs.server";
import { pageTitle } from "~/orgs/title.server";
import { MIN_CELL } from "~/policy";
import css from "~/styles/insights.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: css }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Insikter · Allmänning" }, { name: "robots", content: "noindex" }];
export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const page = await insightsPage(ctx, new URL(request.url), context.locale);
  const orgs = (await listOrganisations(ctx)).map((o) => ({ slug: o.slug, name: o.name }));
  const title = pageTitle(context.locale, "insights:title");
  return json({ page, orgs, title }, { status: page.ok ? 200 : 400, headers: { "Cache-Control": "private, no-store" } });
}

const GROUPS = ["cases", "reuse", "questions", "search", "health"] as const;

export default function Insights() {
  const { t } = useTranslation();
  const { page, orgs } = useLoaderData<typeof loader>();
  const f = page.filters;
  const errors = page.ok ? {} : (page.errors as Record<string, FieldError[]>);
  const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString();
  const csvHref = (id: string) => `/insights.csv?panel=${id}&${qs}`;
  return (
    <div className="page insights-page">
      <h1>{t("insights:title")}</h1>
      <p className="lead">{t("insights:intro")}</p>
      <div className="notice insights-scope">
        <p>{page.ok && page.networkWide ? t("insights:scope.network") : t("insights:scope.org")}</p>
        <p>{t("insights:scope.small", { min: MIN_CELL })}</p>
        <p>{t("insights:scope.period")}</p>
      </div>
      <FilterForm f={f} errors={errors} orgs={orgs} />
      {page.ok ? (
        <>
          <nav aria-label={t("insights:toc")} className="insights-toc">
            <ul>{GROUPS.map((g) => <li key={g}><a href={`#group-${g}`}>{t(`insights:groups.${g}`)}</a></li>)}</ul>
          </nav>
          {GROUPS.map((g) => (
            <section key={g} aria-labelledby={`group-${g}`} className="insights-group">
              <h2 id={`group-${g}`}>{t(`insights:groups.${g}`)}</h2>
              <div className="panels">
                {(page.panels as PanelView[]).filter((p) => p.group === g).map((p) => <Panel key={p.id} p={p} csvHref={csvHref(p.id)} />)}
              </div>
            </section>
          ))}
        </>
      ) : null}
    </div>
  );
}

function FilterForm({ f, errors, orgs }: { f: FilterValues; errors: Record<string, FieldError[]>; orgs: { slug: string; name: string }[] }) {
  const { t } = useTranslation();
  const invalid = Object.keys(errors).length > 0;
  const err = (name: string) => errors[name]?.length ? <p className="field-error" id={`f-${name}-error`}>{errors[name].map((e) => t(e.key, e.params as Record<string, string>)).join(" ")}</p> : null;
  const aria = (name: string, hint = false) => ({
    "aria-invalid": errors[name]?.length ? true : undefined,
    "aria-describedby": [hint ? "f-month-hint" : null, errors[name]?.length ? `f-${name}-error` : null].filter(Boolean).join(" ") || undefined,
  });
  const knownOrg = orgs.some((o) => o.slug === f.org);
  const knownArea = (AREAS as readonly string[]).includes(f.area);
  return (
    <Form method="get" className="insights-filters" aria-labelledby="filters-heading">
      <h2 id="filters-heading" className="visually-hidden">{t("insights:filters.heading")}</h2>
      {invalid ? <p className="error-summary" role="alert">{t("insights:filters.invalid")}</p> : null}
      <p className="hint" id="f-month-hint">{t("insights:filters.monthHint")}</p>
      <div className="filter-row">
        {(["from", "to"] as const).map((k) => (
          <div key={k} className={`field${errors[k]?.length ? " field-invalid" : ""}`}>
            <label htmlFor={`f-${k}`}>{t(`insights:filters.${k}`)}</label>
            {err(k)}
            <input type="month" id={`f-${k}`} name={k} defaultValue={f[k]} {...aria(k, true)} />
          </div>
        ))}
        <div className={`field${errors.org?.length ? " field-invalid" : ""}`}>
          <label htmlFor="f-org">{t("insights:filters.org")}</label>
          {err("org")}
          <select id="f-org" name="org" defaultValue={f.org} {...aria("org")}>
            <option value="">{t("insights:filters.all")}</option>
            {!knownOrg && f.org ? <option value={f.org}>{f.org}</option> : null}
            {orgs.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}
          </select>
        </div>
        <div className={`field${errors.area?.length ? " field-invalid" : ""}`}>
          <label htmlFor="f-area">{t("insights:filters.area")}</label>
          {err("area")}
          <select id="f-area" name="area" defaultValue={f.area} {...aria("area")}>
            <option value="">{t("insights:filters.all")}</option>
            {!knownArea && f.area ? <option value={f.area}>{f.area}</option> : null}
            {AREAS.map((a) => <option key={a} value={a}>{t(`cases:area.${a}`)}</option>)}
          </select>
        </div>
      </div>
      <p className="filter-actions">
        <button type="submit" className="button">{t("insights:filters.apply")}</button>
        <Link to="/insights">{t("insights:filters.reset")}</Link>
      </p>
    </Form>
  );
}
