import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/i18n/format";
import { VisibilityBadge } from "~/lib/ui/visibility-badge";
import type { Locale } from "~/lib/i18n/resources";
import type { CaseSummary } from "../types";

/** One case in a list: title, owner, summary and the facts people filter on. */
export function CaseCard({ c, headingLevel = 3 }: { c: CaseSummary; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const H = `h${headingLevel}` as const;
  return (
    <li className="case-card">
      <H className="case-card-title">
        <Link to={`/cases/${c.id}-${c.slug}`}>{c.title}</Link>
      </H>
      <p className="meta">
        {c.org.name}
        {" · "}<VisibilityBadge audience={{ visibility: c.visibility, orgName: c.org.name, sharedNames: c.sharedNames, shared: c.sharedOrgIds.length > 0 }} />
        {c.status ? <> · <span className={`badge status-${c.status}`}>{t(`cases:status.${c.status}`)}</span></> : null}
        {c.state === "draft" ? <> · <span className="badge badge-warn">{t("cases:page.draft").split(" – ")[0]}</span></> : null}
        {c.needsReview ? <> · <span className="badge badge-danger">{t("cases:page.needsReview", { date: c.reviewBy }).split(":")[0]}</span></> : null}
      </p>
      {c.summary ? <p>{c.summary}</p> : null}
      <p className="meta">
        {c.area ? t(`cases:area.${c.area}`) : null}
        {c.techniques.length ? ` · ${c.techniques.map((x) => t(`cases:technique.${x}`)).join(", ")}` : null}
        {c.lastUpdated ? ` · ${t("cases:list.updated", { date: formatDate(c.lastUpdated, i18n.language as Locale) })}` : null}
        {c.adoptionCount ? ` · ${t("cases:list.adoptions", { count: c.adoptionCount })}` : null}
      </p>
    </li>
  );
}
