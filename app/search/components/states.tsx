import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Before anything is searched: what search covers and how to use it. */
export function StartState() {
  const { t } = useTranslation();
  return (
    <section className="search-start" aria-labelledby="start-heading">
      <h2 id="start-heading">{t("search:start.heading")}</h2>
      <p>{t("search:start.body")}</p>
      <h3>{t("search:start.tips")}</h3>
      <ul>
        <li>{t("search:start.tip1")}</li>
        <li>{t("search:start.tip2")}</li>
        <li>{t("search:start.tip3")}</li>
      </ul>
    </section>
  );
}

/** No results: concrete next steps. */
export function EmptyState({ hasFilters, q, askHref = "/threads" }: { hasFilters: boolean; q: string; askHref?: string }) {
  const { t } = useTranslation();
  return (
    <div className="search-empty">
      <h3>{t("search:empty.heading")}</h3>
      <p>{t("search:empty.body")}</p>
      <p>{t("search:empty.tryTitle")}</p>
      <ul>
        <li>{t("search:empty.try1")}</li>
        {hasFilters ? <li><Link to={`/search?q=${encodeURIComponent(q)}`}>{t("search:empty.try2")}</Link></li> : null}
        <li>{t("search:empty.try3")}</li>
      </ul>
      <p><Link to={askHref}>{t("search:empty.ask")}</Link></p>
    </div>
  );
}
