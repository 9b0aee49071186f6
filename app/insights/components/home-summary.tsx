import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { HomeSummary } from "../summary.server";

/** The home page's calm band of network figures; each figure is a link to the list behind it. */
export function HomeSummaryBand({ summary, signedIn, insightsLink }: { summary: HomeSummary; signedIn: boolean; insightsLink: boolean }) {
  const { t, i18n } = useTranslation();
  if (!summary.figures.length) return null;
  const nf = new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "sv-SE");
  return (
    <section className="home-summary" aria-labelledby="home-summary-heading">
      <h2 id="home-summary-heading">{t("insights:summary.heading")}</h2>
      <ul className="home-summary-figures">
        {summary.figures.map((f) => (
          <li key={f.key}>
            <Link to={f.href}>
              <span className="home-summary-value">{f.percent ? t("insights:summary.percent", { value: nf.format(f.value) }) : nf.format(f.value)}</span>{" "}
              <span className="home-summary-label">{t(`insights:summary.${f.key}`, { base: nf.format(f.base) })}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="meta">
        {t(signedIn ? "insights:summary.scopeReader" : "insights:summary.scopePublic", { min: summary.min })}
        {insightsLink ? <> <Link to="/insights">{t("insights:summary.more")}</Link></> : null}
      </p>
    </section>
  );
}
