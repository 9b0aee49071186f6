import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AnswerSort } from "../types";

const SORTS: readonly AnswerSort[] = ["votes", "oldest"];

/** Links that order a thread's answers (plain GET links: no JavaScript needed); the accepted one stays first. */
export function AnswerSortNav({ path, current, accepted }: { path: string; current: AnswerSort; accepted: boolean }) {
  const { t } = useTranslation();
  return (
    <nav className="list-toolbar answer-sort" aria-label={t("lists:answers.label")}>
      <div>
        <span className="toolbar-label" aria-hidden="true">{t("lists:answers.label")}:</span>
        <ul>
          {SORTS.map((s) => (
            <li key={s}>
              <Link to={`${path}?svar=${s}#answers-heading`} preventScrollReset aria-current={current === s ? "page" : undefined}>{t(`lists:answers.${s}`)}</Link>
            </li>
          ))}
        </ul>
      </div>
      {accepted ? <p className="meta">{t("lists:answers.acceptedFirst")}</p> : null}
    </nav>
  );
}
