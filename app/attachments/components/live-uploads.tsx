import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import type { AttachmentView } from "../view";
import { formatBytes } from "../view";
import { ATTACH_EVENT, uploadFile, type AttachRequest } from "./upload-client";

// The JavaScript layer of the "Bilagor" fieldset: each chosen, dropped or pasted file is sent at
// once (one XHR each) and gets a row with a progress bar, a text percentage and Avbryt; a
// finished file becomes a hidden `attachment` field (and a title input), exactly what the form
// without JavaScript would have sent; a refused file keeps its row with the server's message.

type Row = {
  key: number;
  name: string;
  size: number;
  state: "uploading" | "done" | "error";
  loaded: number;
  total: number;
  attachment?: AttachmentView;
  error?: { key: string; params?: Record<string, unknown> };
};

export type LiveUploads = {
  rows: Row[];
  add: (files: File[], hooks?: Pick<AttachRequest, "onUploaded" | "onFailed">) => void;
  cancel: (key: number) => void;
  remove: (key: number) => void;
  announcement: string;
  uploading: boolean;
};

/** State and upload handling; listens on `anchor`'s form for files the Markdown editor offers. */
export function useLiveUploads(anchor: RefObject<HTMLElement>): LiveUploads {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const next = useRef(1);
  const aborts = useRef(new Map<number, () => void>());
  const patch = useCallback((key: number, p: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...p } : r))), []);

  const add = useCallback((files: File[], hooks: Pick<AttachRequest, "onUploaded" | "onFailed"> = {}) => {
    for (const file of files) {
      const key = next.current++;
      const up = uploadFile(file, (loaded, total) => patch(key, { loaded, total }));
      aborts.current.set(key, up.abort);
      setRows((rs) => [...rs, { key, name: file.name, size: file.size, state: "uploading", loaded: 0, total: file.size }]);
      setAnnouncement(t("files:uploading", { name: file.name }));
      up.promise.then((r) => {
        aborts.current.delete(key);
        if (r.ok) {
          patch(key, { state: "done", attachment: r.attachment, loaded: file.size, total: file.size });
          setAnnouncement(t("files:uploaded", { name: r.attachment.filename }));
          hooks.onUploaded?.(file, r.attachment);
        } else if (r.aborted) {
          setRows((rs) => rs.filter((x) => x.key !== key));
          setAnnouncement(t("files:cancelled", { name: file.name }));
          hooks.onFailed?.(file);
        } else {
          patch(key, { state: "error", error: { key: r.key, params: r.params } });
          setAnnouncement(`${file.name}: ${t(r.key, { name: file.name, ...(r.params ?? {}) } as Record<string, string>)}`);
          hooks.onFailed?.(file);
        }
      });
    }
  }, [patch, t]);

  useEffect(() => {
    const form = anchor.current?.closest("form");
    if (!form) return;
    const onAttach = (e: Event) => {
      const d = (e as CustomEvent<AttachRequest>).detail;
      d.accepted = true;
      add(d.files, d);
    };
    form.addEventListener(ATTACH_EVENT, onAttach);
    return () => form.removeEventListener(ATTACH_EVENT, onAttach);
  }, [anchor, add]);

  const cancel = useCallback((key: number) => aborts.current.get(key)?.(), []);
  const remove = useCallback((key: number) => setRows((rs) => rs.filter((r) => r.key !== key)), []);
  return { rows, add, cancel, remove, announcement, uploading: rows.some((r) => r.state === "uploading") };
}

/** One row per file sent with JavaScript. */
export function LiveUploadRow({ row, withTitles, onCancel, onRemove }: { row: Row; withTitles: boolean; onCancel: () => void; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const pct = row.total > 0 ? Math.min(1, row.loaded / row.total) : 0;
  const percent = new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "sv-SE", { style: "percent", maximumFractionDigits: 0 }).format(pct);
  const a = row.attachment;
  return (
    <li className={`upload-row upload-${row.state}`} data-upload-state={row.state}>
      <span className="upload-name">
        {a ? a.filename : row.name} <span className="meta">({formatBytes(a ? a.size : row.size, i18n.language)})</span>
      </span>
      {row.state === "uploading" ? (
        <span className="upload-progress">
          <progress value={row.loaded} max={row.total || 1} aria-label={t("files:uploading", { name: row.name })} />
          <span className="upload-percent">{percent}</span>
          <button type="button" className="button button-secondary upload-cancel" onClick={onCancel} aria-label={t("files:cancelFile", { name: row.name })}>
            {t("files:cancel")}
          </button>
        </span>
      ) : null}
      {row.state === "error" && row.error ? (
        <span className="upload-message field-error">{t(row.error.key, { name: row.name, ...(row.error.params ?? {}) } as Record<string, string>)}</span>
      ) : null}
      {row.state === "done" && a ? (
        <>
          <input type="hidden" name="attachment" value={a.publicId} />
          <span className="upload-ready">{t("files:ready")}</span>
          {withTitles ? (
            <span className="field attachment-title">
              <label htmlFor={`f-title-${a.publicId}`}>{t("files:title", { name: a.filename })}</label>
              <input id={`f-title-${a.publicId}`} name={`attachmentTitle.${a.publicId}`} defaultValue={a.title} maxLength={200} />
            </span>
          ) : null}
        </>
      ) : null}
      {row.state !== "uploading" ? (
        <button type="button" className="link-button upload-remove" onClick={onRemove}>
          {t("files:remove", { name: a ? a.filename : row.name })}
        </button>
      ) : null}
    </li>
  );
}
