import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../lib/i18n/format";
import type { Locale } from "../../lib/i18n/resources";
import type { Revision } from "../types";

/** The public edit history of a thread or reply: who changed what, when and why. */
export function Revisions({ revisions }: { revisions: Revision[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (!revisions.length) return null;
  return (
    <details className="revisions">
      <summary>{t("forum:thread.revisions", { count: revisions.length })}</summary>
      <ol className="revision-list">
        {revisions.map((r) => (
          <li key={r.id}>
            <p className="meta">
              {t("forum:thread.revisionBy", { name: r.editor.name, date: formatDateTime(r.at, locale) })}
              {r.reason ? ` · ${t("forum:thread.revisionReason", { reason: r.reason })}` : ""}
            </p>
            <div className="revision-diff">
              <div>
                <p className="label">{t("forum:thread.before")}</p>
                {r.oldTitle !== null && r.oldTitle !== r.newTitle ? <p className="revision-title">{r.oldTitle}</p> : null}
                <pre>{r.oldBody}</pre>
              </div>
              <div>
                <p className="label">{t("forum:thread.after")}</p>
                {r.newTitle !== null && r.oldTitle !== r.newTitle ? <p className="revision-title">{r.newTitle}</p> : null}
                <pre>{r.newBody}</pre>
              </div>
            </div>
          </li>
        ))}
      </ol>
    </details>
  );
}
