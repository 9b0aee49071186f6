import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../lib/i18n/format";
import type { Locale } from "../../lib/i18n/resources";
import type { Revision } from "../types";
import { DiffText } from "./revision-diff";

/** The public edit history of a thread or reply: who changed what, when and why, as a diff. */
export function Revisions({ revisions }: { revisions: Revision[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (!revisions.length) return null;
  return (
    <details className="revisions">
      <summary>{t("forum:thread.revisions", { count: revisions.length })}</summary>
      <p className="meta diff-legend">{t("modtools:diff.legend")}</p>
      <ol className="revision-list">
        {revisions.map((r) => {
          const titleChanged = r.oldTitle !== null && r.newTitle !== null && r.oldTitle !== r.newTitle;
          return (
            <li key={r.id}>
              <p className="meta">
                {t("forum:thread.revisionBy", { name: r.editor.name, date: formatDateTime(r.at, locale) })}
                {r.reason ? ` · ${t("forum:thread.revisionReason", { reason: r.reason })}` : ""}
              </p>
              {titleChanged ? (
                <div className="revision-change">
                  <p className="label">{t("modtools:diff.title")}</p>
                  <DiffText before={r.oldTitle!} after={r.newTitle!} className="revision-title" />
                </div>
              ) : null}
              {r.oldBody !== r.newBody ? (
                <div className="revision-change">
                  <p className="label">{t("modtools:diff.body")}</p>
                  <DiffText before={r.oldBody} after={r.newBody} className="diff-body" />
                </div>
              ) : !titleChanged ? <p className="meta">{t("modtools:diff.noChange")}</p> : null}
              <details className="revision-full">
                <summary>{t("modtools:diff.full")}</summary>
                <div className="revision-diff">
                  <div>
                    <p className="label">{t("forum:thread.before")}</p>
                    {titleChanged ? <p className="revision-title">{r.oldTitle}</p> : null}
                    <pre>{r.oldBody}</pre>
                  </div>
                  <div>
                    <p className="label">{t("forum:thread.after")}</p>
                    {titleChanged ? <p className="revision-title">{r.newTitle}</p> : null}
                    <pre>{r.newBody}</pre>
                  </div>
                </div>
              </details>
            </li>
          );
        })}
      </ol>
    </details>
  );
}
