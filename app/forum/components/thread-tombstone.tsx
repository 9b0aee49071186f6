import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * What a reader (not a moderator in scope) sees of a removed thread, with status 410: that it
 * was removed, and ways on. No title, text or replies, and nothing to do with it: no reply box,
 * no watch, no flag.
 */
export function ThreadTombstone() {
  const { t } = useTranslation();
  return (
    <div className="page narrow error-page thread-tombstone">
      <p className="eyebrow">{t("gone.title")}</p>
      <h1>{t("modtools:tombstone.title")}</h1>
      <p>{t("modtools:tombstone.body")}</p>
      <ul className="tombstone-links">
        <li><Link to="/threads">{t("modtools:tombstone.threads")}</Link></li>
        <li><Link to="/search">{t("modtools:tombstone.search")}</Link></li>
      </ul>
    </div>
  );
}
