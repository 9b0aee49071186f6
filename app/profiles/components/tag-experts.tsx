import { useTranslation } from "react-i18next";
import { PersonName } from "../../orgs/components/person-name";
import type { Expert } from "../types";
import { ScoreDetail } from "./expertise";

/** A tag's most helpful people across organisations (only shown to signed-in members). */
export function TagExperts({ experts }: { experts: Expert[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="experts-heading" className="tag-experts">
      <h2 id="experts-heading">{t("profiles:experts.heading")}</h2>
      <p className="hint">{t("profiles:experts.intro")}</p>
      {experts.length === 0 ? <p>{t("profiles:experts.none")}</p> : (
        <ol className="list expert-list">
          {experts.map((e) => (
            <li key={e.handle}>
              <PersonName name={e.name} handle={e.handle} orgName={e.orgName} />{" "}
              <span className="meta">· {t("profiles:expertise.score", { score: e.score })} (<ScoreDetail accepted={e.accepted} votes={e.votes} cases={e.cases} />)</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
