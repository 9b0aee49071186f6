import { useTranslation } from "react-i18next";
import type { AttachmentView } from "../view";
import { formatBytes } from "../view";

// The "Bilagor" part of a form. Without JavaScript it is a plain multiple file input (the form
// is multipart); files already received (pending, or attached when editing) are listed with a
// hidden id field so a refused neighbour or another field's error never loses them.

export type FileFieldState = {
  pendingFiles?: AttachmentView[];
  fileErrors?: { name: string; key: string }[];
  errors?: { key: string; params?: Record<string, unknown> }[];
  titles?: Record<string, string>;
};

type Props = FileFieldState & {
  /** Attached files of the parent being edited (kept unless unticked). */
  existing?: AttachmentView[];
  withTitles?: boolean;
  limits: { doc: number; img: number; count: number };
};

export function AttachmentFields({ pendingFiles = [], fileErrors = [], errors = [], existing = [], withTitles = false, titles = {}, limits }: Props) {
  const { t, i18n } = useTranslation();
  const problems = [...errors.map((e) => t(e.key, e.params as Record<string, string>)), ...fileErrors.map((e) => `${e.name}: ${t(e.key)}`)];
  return (
    <fieldset className={`attachments-field${problems.length ? " field-invalid" : ""}`} data-attachments aria-describedby="f-files-hint">
      <legend>{t("files:section")}</legend>
      <p className="hint" id="f-files-hint">{t("files:hint", limits)} {t("attachments:allowed")}</p>
      {problems.length ? (
        <ul className="field-error" id="f-files-error">
          {problems.map((p, i) => <li key={i}>{p}</li>)}
        </ul>
      ) : null}
      <ul className="attachment-edit-list" data-attachment-list>
        {existing.map((a) => (
          <li key={a.publicId}>
            <label className="choice">
              <input type="checkbox" name="keepAttachment" value={a.publicId} defaultChecked />
              <span>{t("files:keep", { name: a.filename })} ({formatBytes(a.size, i18n.language)})</span>
            </label>
            {withTitles ? <TitleInput a={a} value={titles[a.publicId] ?? a.title} /> : null}
          </li>
        ))}
        {pendingFiles.map((a) => (
          <li key={a.publicId}>
            <input type="hidden" name="attachment" value={a.publicId} />
            <span>{a.filename} ({formatBytes(a.size, i18n.language)})</span>
            {withTitles ? <TitleInput a={a} value={titles[a.publicId] ?? a.title} /> : null}
          </li>
        ))}
      </ul>
      {pendingFiles.length ? <p className="hint">{t("files:pendingNote")}</p> : null}
      <label htmlFor="f-files">{t("files:choose")}</label>
      <input id="f-files" type="file" name="files" multiple aria-describedby={`f-files-hint${problems.length ? " f-files-error" : ""}`} aria-invalid={problems.length > 0 || undefined} />
    </fieldset>
  );
}

function TitleInput({ a, value }: { a: AttachmentView; value: string }) {
  const { t } = useTranslation();
  const id = `f-title-${a.publicId}`;
  return (
    <span className="field attachment-title">
      <label htmlFor={id}>{t("files:title", { name: a.filename })}</label>
      <input id={id} name={`attachmentTitle.${a.publicId}`} defaultValue={value} maxLength={200} />
    </span>
  );
}

/** The files of a thread, reply or case, as a list of download links (images as thumbnails). */
export function AttachmentList({ items }: { items: AttachmentView[] }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  return (
    <section className="attachment-list" aria-label={t("files:listLabel")}>
      <h3 className="visually-hidden">{t("files:listLabel")}</h3>
      <ul>
        {items.map((a) => (
          <li key={a.publicId} className={a.hidden ? "attachment-hidden" : undefined}>
            {a.thumbHref ? <img src={a.thumbHref} alt="" width={80} loading="lazy" /> : null}
            <a href={a.href} download={a.kind === "document" ? a.filename : undefined}>
              {a.title || a.filename}
            </a>{" "}
            <span className="meta">
              {a.title ? `${a.filename}, ` : ""}
              {formatBytes(a.size, i18n.language)}
            </span>
            {a.hidden ? <p className="meta">{t("files:hidden", { reason: a.hiddenReason ?? "" })}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
