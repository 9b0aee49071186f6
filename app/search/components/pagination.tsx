import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous/next page links that keep the query and filters. */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  if (pages <= 1) return null;
  const to = (n: number) => {
    const sp = new URLSearchParams(search);
    sp.set("page", String(n));
    return `/search?${sp.toString()}`;
  };
  return (
    <nav className="pagination" aria-label={t("search:pagination")}>
      {page > 1 ? <Link to={to(page - 1)} rel="prev">{t("search:previous")}</Link> : null}
      <span>{t("search:page", { page, pages })}</span>
      {page < pages ? <Link to={to(page + 1)} rel="next">{t("search:next")}</Link> : null}
    </nav>
  );
}
