import { useTranslation } from "react-i18next";
import { formatDateTime, formatNumber } from "~/lib/i18n/format";

export type ExportItem = {
  id: string; status: string; progress: number; total: number; createdAt: string; expiresAt?: string | null;
  downloadedAt?: string | null; bytes: number; href: string | null; note?: string | null; extra?: React.ReactNode;
};

export const formatSize = (bytes: number, locale: "sv" | "en") =>
  bytes >= 1024 * 1024 ? `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, locale)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} kB`;

/** A table of exports with their status, a progress bar while building and the download link. */
export function ExportList({ items, ns, labelCol }: { items: ExportItem[]; ns: "data" | "archive"; labelCol: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "sv";
  return (
    <table className="member-table">
      <thead>
        <tr>
          <th scope="col">{labelCol}</th>
          <th scope="col">{t("privacy:data.colStatus")}</th>
          <th scope="col">{t("privacy:data.colFile")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(e.createdAt, locale)}{e.extra}</td>
            <td>
              <span className={e.status === "failed" ? "badge badge-danger" : e.status === "done" ? "badge badge-ok" : "badge"}>{t(`privacy:data.status.${e.status}`)}</span>
              {e.status === "running" || e.status === "queued" ? (
                <div>
                  <progress max={Math.max(1, e.total)} value={e.progress} aria-label={t("privacy:data.progressLabel")} />{" "}
                  <span className="meta">{t("privacy:data.progress", { progress: e.progress, total: Math.max(e.total, e.progress) || "…" })}</span>
                </div>
              ) : null}
            </td>
            <td>
              {e.href ? <a href={e.href} download>{t(`privacy:${ns}.download`, { size: formatSize(e.bytes, locale) })}</a> : null}
              {e.note ? <p className="meta">{e.note}</p> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
