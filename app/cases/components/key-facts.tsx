import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/i18n/format";
import type { Locale } from "~/lib/i18n/resources";
import type { CaseDetail } from "../types";

/** The facts another organisation decides on, first on the page. */
export function KeyFacts({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language as Locale;
  const date = (d: string | null) => (d ? formatDate(d, l) : t("cases:page.none"));
  const yn = (b: boolean | null) => (b === null ? t("cases:notAnswered") : b ? t("cases:yes") : t("cases:no"));
  const rows: [string, React.ReactNode][] = [
    [t("cases:fields.status"), c.status ? t(`cases:status.${c.status}`) : t("cases:page.none")],
    [t("cases:fields.area"), c.area ? t(`cases:area.${c.area}`) : t("cases:page.none")],
    [t("cases:fields.techniques"), c.techniques.length ? c.techniques.map((x) => t(`cases:technique.${x}`)).join(", ") : t("cases:page.none")],
    [t("cases:fields.tool"), c.tool || t("cases:page.none")],
    [t("cases:page.ownedBy"), <Link key="o" to={`/orgs/${c.org.slug}`}>{c.org.name}</Link>],
    [t("cases:fields.department"), c.department || t("cases:page.none")],
    [t("cases:page.partners"), c.partners.length ? c.partners.map((p, i) => <span key={p.id}>{i ? ", " : ""}<Link to={`/orgs/${p.slug}`}>{p.name}</Link></span>) : t("cases:page.none")],
    [t("cases:fields.suppliers"), c.suppliers || t("cases:page.none")],
    [t("cases:fields.startDate"), date(c.startDate)],
    [t("cases:fields.lastUpdated"), date(c.lastUpdated)],
    [t("cases:fields.reviewBy"), date(c.reviewBy)],
    [t("cases:fields.evaluated"), c.evaluated ? t(`cases:evaluated.${c.evaluated}`) : t("cases:notAnswered")],
    [t("cases:fields.aiActRisk"), c.aiActRisk ? t(`cases:risk.${c.aiActRisk}`) : t("cases:notAnswered")],
    [t("cases:fields.personalData"), yn(c.personalData)],
    [t("cases:fields.dpiaDone"), yn(c.dpiaDone)],
    [t("cases:fields.language"), t(`cases:lang.${c.language}`)],
  ];
  return (
    <section aria-labelledby="facts-heading" className="card key-facts">
      <h2 id="facts-heading">{t("cases:page.keyFacts")}</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
