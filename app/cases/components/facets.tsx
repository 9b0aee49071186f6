import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ListQuery } from "../schemas";
import type { FacetKey, Facets } from "../types";

const KEYS: FacetKey[] = ["area", "status", "technique", "org", "evaluated", "risk", "tag"];
const LABEL_NS: Partial<Record<FacetKey, string>> = { area: "area", status: "status", technique: "technique", evaluated: "evaluated", risk: "risk" };

/** The filter form: a plain GET form (works without JavaScript); counts are what the viewer may read. */
export function FacetForm({ facets, query }: { facets: Facets; query: ListQuery }) {
  const { t, i18n } = useTranslation();
  const label = (k: FacetKey, f: Facets[FacetKey][number]) =>
    LABEL_NS[k] ? t(`cases:${LABEL_NS[k]}.${f.value}`) : (i18n.language === "en" ? f.labelEn ?? f.label : f.label) ?? f.value;
  return (
    <Form method="get" className="facets" aria-label={t("cases:list.filters")}>
      <div className="field">
        <label htmlFor="cases-q">{t("cases:list.search")}</label>
        <input id="cases-q" type="search" name="q" defaultValue={query.q} />
      </div>
      <div className="field">
        <label htmlFor="cases-sort">{t("cases:list.sort")}</label>
        <select id="cases-sort" name="sort" defaultValue={query.sort}>
          <option value="updated">{t("cases:list.sortUpdated")}</option>
          <option value="adoptions">{t("cases:list.sortAdoptions")}</option>
        </select>
      </div>
      {KEYS.filter((k) => facets[k].length > 0).map((k) => (
        <fieldset key={k} className="facet">
          <legend>{t(`cases:facets.${k}`)}</legend>
          {facets[k].map((f) => (
            <label key={f.value} className="choice">
              <input type="checkbox" name={k} value={f.value} defaultChecked={(query[k] as string[]).includes(f.value)} />
              <span>{t("cases:facets.count", { label: label(k, f), count: f.count })}</span>
            </label>
          ))}
        </fieldset>
      ))}
      <div className="actions">
        <button type="submit" className="button">{t("cases:list.apply")}</button>
        <Link to="/cases">{t("cases:list.clear")}</Link>
      </div>
    </Form>
  );
}
