import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { formatDate } from "~/lib/i18n/format";
import { BestPracticeBadge } from "~/moderation/components/best-practice-badge";
import { bestPracticeByArea } from "~/moderation/curation.server";
import href from "~/styles/moderation.css";
import { feedAlternates } from "~/feeds/alternate";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Goda exempel · Allmänning" }, ...feedAlternates("best-practice", "Gott exempel")];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ groups: await bestPracticeByArea(domainCtx(context)), locale: context.locale });
}

/** "Gott exempel": curated threads and case studies, listed by area. */
export default function BestPractice() {
  const { t } = useTranslation("moderation");
  const { groups, locale } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{t("bestPractice.title")}</h1>
      <p className="lead">{t("bestPractice.intro")}</p>
      {groups.length === 0 ? <p>{t("bestPractice.empty")}</p> : null}
      {groups.map((g) => {
        const id = `area-${g.area ?? "other"}`;
        return (
          <section key={id} aria-labelledby={id}>
            <h2 id={id}>{g.area ? t(`areas.${g.area}`, { defaultValue: g.area }) : t("bestPractice.noArea")}</h2>
            <ul className="card-grid best-practice-list">
              {g.items.map((i) => (
                <li key={`${i.type}-${i.id}`} className="card">
                  <p className="mod-badges"><BestPracticeBadge /> <span className="badge">{t(`types.${i.type}`)}</span></p>
                  <h3><Link to={i.href}>{i.title}</Link></h3>
                  <p className="meta">{i.orgName}</p>
                  <p className="curator-note">{i.note}</p>
                  <p className="meta">{t("bestPractice.curatedBy", { name: i.curatorName, date: formatDate(i.markedAt, locale) })}</p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
