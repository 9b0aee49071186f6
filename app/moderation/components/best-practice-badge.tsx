import { useTranslation } from "react-i18next";

/** "Gott exempel" badge; the curator's note (when given) is its accessible description. */
export function BestPracticeBadge({ note }: { note?: string | null }) {
  const { t } = useTranslation("moderation");
  return (
    <span className="badge badge-ok best-practice-badge" title={note ?? undefined}>
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><path d="M8 1l2.1 4.3 4.7.7-3.4 3.3.8 4.7L8 11.8 3.8 14l.8-4.7L1.2 6l4.7-.7z" fill="currentColor" /></svg>
      {t("bestPractice.badge")}
      {note ? <span className="visually-hidden">: {note}</span> : null}
    </span>
  );
}
