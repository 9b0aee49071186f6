import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SearchPage } from "../search.server";
import { AREAS, CASE_STATUSES, KINDS } from "../schemas";

type Page = Pick<SearchPage, "facets" | "params">;
type Option = { value: string; label: string; count: number | null };

function merge(values: readonly string[], facet: { value: string; count: number; label: string }[], selected: string[], label: (v: string) => string, keepAll = false): Option[] {
  const out: Option[] = [];
  for (const v of values) {
    const f = facet.find((x) => x.value === v);
    if (f || selected.includes(v) || keepAll) out.push({ value: v, label: label(v), count: f?.count ?? (selected.includes(v) ? 0 : null) });
  }
  return out;
}

function CheckGroup({ name, legend, options, selected }: { name: string; legend: string; options: Option[]; selected: string[] }) {
  if (options.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      {options.map((o) => {
        const id = `facet-${name}-${o.value}`;
        return (
          <div className="choice" key={o.value}>
            <input type="checkbox" id={id} name={name} value={o.value} defaultChecked={selected.includes(o.value)} />
            <label htmlFor={id}>{o.label}{o.count !== null ? <span className="facet-count"> ({o.count})</span> : null}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** Filters with counts of what the viewer may read; a plain GET form, so they work without JavaScript. */
export function Facets({ page }: { page: Page }) {
  const { t } = useTranslation();
  const { facets, params: p } = page;
  const tagOptions: Option[] = [
    ...facets.tag.map((f) => ({ value: f.value, label: f.label, count: f.count })),
    ...p.tag.filter((s) => !facets.tag.some((f) => f.value === s)).map((s) => ({ value: s, label: s, count: 0 })),
  ];
  const orgOptions: Option[] = [
    ...facets.org.map((f) => ({ value: f.value, label: f.label, count: f.count })),
    ...p.org.filter((s) => !facets.org.some((f) => f.value === s)).map((s) => ({ value: s, label: s, count: 0 })),
  ];
  const answered = facets.answered;
  return (
    <aside className="sidebar search-filters" aria-labelledby="filters-heading">
      <section>
        <h2 id="filters-heading">{t("search:filters")}</h2>
        <div className="field">
          <label htmlFor="search-sort">{t("search:sort.label")}</label>
          <select id="search-sort" name="sort" defaultValue={p.sort ?? "relevance"}>
            <option value="relevance">{t("search:sort.relevance")}</option>
            <option value="newest">{t("search:sort.newest")}</option>
          </select>
        </div>
        <CheckGroup name="typ" legend={t("search:kind.label")} selected={p.typ}
          options={merge(KINDS, facets.kind, p.typ, (v) => t(`search:kind.${v}`), true)} />
        {answered.length || p.answered ? (
          <fieldset className="facet">
            <legend>{t("search:facet.answered")}</legend>
            {(["", "solved", "unsolved", "unanswered"] as const).map((v) => {
              const id = `facet-answered-${v || "all"}`;
              const count = answered.find((a) => a.value === v)?.count;
              return (
                <div className="choice" key={v}>
                  <input type="radio" id={id} name="answered" value={v} defaultChecked={(p.answered ?? "") === v} />
                  <label htmlFor={id}>{v ? t(`search:answered.${v}`) : t("ux:facet.allQuestions")}{count !== undefined ? <span className="facet-count"> ({count})</span> : null}</label>
                </div>
              );
            })}
          </fieldset>
        ) : null}
        <CheckGroup name="tag" legend={t("search:facet.tag")} options={tagOptions} selected={p.tag} />
        <CheckGroup name="org" legend={t("search:facet.org")} options={orgOptions} selected={p.org} />
        <CheckGroup name="area" legend={t("search:facet.area")} selected={p.area}
          options={merge(AREAS, facets.area, p.area, (v) => t(`search:area.${v}`))} />
        <CheckGroup name="status" legend={t("search:facet.status")} selected={p.status}
          options={merge(CASE_STATUSES, facets.status, p.status, (v) => t(`search:status.${v}`))} />
        <fieldset className="facet">
          <legend>{t("search:facet.dates")}</legend>
          <div className="field">
            <label htmlFor="search-from">{t("search:facet.from")}</label>
            <input type="date" id="search-from" name="from" defaultValue={p.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="search-to">{t("search:facet.to")}</label>
            <input type="date" id="search-to" name="to" defaultValue={p.to ?? ""} />
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit">{t("search:applyFilters")}</button>
          <Link to={`/search?q=${encodeURIComponent(p.q)}`}>{t("search:clearFilters")}</Link>
        </div>
      </section>
    </aside>
  );
}
