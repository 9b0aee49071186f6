import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ExpertiseArea, ExpertiseTag } from "../types";

/** A person's areas and tags of expertise, each with its score and what it is made of. */
export function Expertise({ tags, areas }: { tags: ExpertiseTag[]; areas: ExpertiseArea[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="expertise-heading" className="profile-section">
      <h2 id="expertise-heading">{t("profiles:expertise.heading")}</h2>
      <p className="hint">{t("profiles:expertise.intro")}</p>
      {tags.length === 0 ? <p>{t("profiles:expertise.none")}</p> : (
        <>
          <h3>{t("profiles:expertise.areas")}</h3>
          <ul className="expertise-areas">
            {areas.map((a) => (
              <li key={a.area}>{t(`forum:area.${a.area}`)} <span className="meta">({t("profiles:expertise.score", { score: a.score })})</span></li>
            ))}
          </ul>
          <h3>{t("profiles:expertise.tags")}</h3>
          <ul className="list expertise-tags">
            {tags.map((tag) => (
              <li key={tag.slug}>
                <Link to={`/tags/${tag.slug}`}>{i18n.language === "en" ? tag.nameEn : tag.nameSv}</Link>{" "}
                <strong>{t("profiles:expertise.score", { score: tag.score })}</strong>
                <span className="meta"> · <ScoreDetail accepted={tag.accepted} votes={tag.votes} cases={tag.cases} /></span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "2 godkända svar · 8 hjälpsamma röster" — only the parts there are, in the reader's language. */
export function ScoreDetail({ accepted, votes, cases }: { accepted: number; votes: number; cases: number }) {
  const { t } = useTranslation();
  const parts = [
    accepted ? t("profiles:expertise.accepted", { count: accepted }) : null,
    votes ? t("profiles:expertise.votes", { count: votes }) : null,
    cases ? t("profiles:expertise.cases", { count: cases }) : null,
  ].filter(Boolean);
  return <>{parts.join(" · ")}</>;
}
