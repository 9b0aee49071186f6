import { useEffect, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AttachmentView } from "../view";
import { formatBytes } from "../view";
import { LiveUploadRow, useLiveUploads } from "./live-uploads";

// The "Bilagor" part of a form. Without JavaScript it is a plain multiple file input (the form
// is multipart); files already received (pending, or attached when editing) are listed with a
// hidden id field so a refused neighbour or another field's error never loses them.
// With JavaScript (live-uploads.tsx) the fieldset is also a drop zone, each file is sent at once
// with a progress bar, and the file input loses its name so the form never sends a file twice.

export type FileFieldState = {
  pendingFiles?: AttachmentView[];
  fileErrors?: { name: string; key: string }[];
  errors?: { key: string; params?: Record<string, unknown> }[];
  titles?: Record<string, string>;
};

type Props = FileFieldState & {
  /** Attached files of the parent being edited (kept unless unticked). */
  existing?: AttachmentView[];
  /** After an error: the existing files that were still ticked (the others show unticked). */
  kept?: string[];
  withTitles?: boolean;
  /** The form already heads this part (the case form's "Bilagor" h2): the legend is for assistive technology only. */
  headed?: boolean;
  limits: { doc: number; img: number; count: number };
};

export function AttachmentFields({ pendingFiles = [], fileErrors = [], errors = [], existing = [], kept, withTitles = false, headed = false, titles = {}, limits }: Props) {
  const { t, i18n } = useTranslation();
  const problems = [...errors.map((e) => t(e.key, e.params as Record<string, string>)), ...fileErrors.map((e) => `${e.name}: ${t(e.key, { name: e.name })}`)];
  const box = useRef<HTMLFieldSetElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [hydrated, setHydrated] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [withEditor, setWithEditor] = useState(false);
  const [waitNote, setWaitNote] = useState(false);
  const live = useLiveUploads(box);
  const { add, uploading } = live;
  useEffect(() => {
    setHydrated(true);
    setWithEditor(Boolean(box.current?.closest("form")?.querySelector("textarea[data-md-upload]")));
    // Files chosen before the page hydrated would otherwise be dropped with the input's name.
    const el = input.current;
    if (el?.files?.length) {
      add([...el.files]);
      el.value = "";
    }
  }, [add]);
  useEffect(() => {
    // A form sent while a file is still on its way would go without it: hold it and say why.
    const form = box.current?.closest("form");
    if (!form) return;
    const onSubmit = (e: Event) => {
      if (!uploading) return;
      e.preventDefault();
      setWaitNote(true);
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, [uploading]);
  useEffect(() => {
    if (!uploading) setWaitNote(false);
  }, [uploading]);
  const take = (files: FileList | null | undefined) => {
    if (files?.length) add([...files]);
  };
  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes("Files");
  const dropHandlers = hydrated
    ? {
        onDragEnter: (e: DragEvent) => {
          if (hasFiles(e)) setDragging(true);
        },
        onDragOver: (e: DragEvent) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        },
        onDragLeave: (e: DragEvent) => {
          if (!box.current?.contains(e.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (e: DragEvent) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          setDragging(false);
          take(e.dataTransfer.files);
        },
      }
    : {};
  return (
    <fieldset ref={box} className={`attachments-field${problems.length ? " field-invalid" : ""}${hydrated ? " attachments-live" : ""}${dragging ? " is-dragging" : ""}`} data-attachments aria-describedby="f-files-hint" {...dropHandlers}>
      <legend className={headed ? "visually-hidden" : undefined}>{t("files:section")}</legend>
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
              <input type="checkbox" name="keepAttachment" value={a.publicId} defaultChecked={!kept || kept.includes(a.publicId)} />
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
        {live.rows.map((row) => (
          <LiveUploadRow key={row.key} row={row} withTitles={withTitles} onCancel={() => live.cancel(row.key)} onRemove={() => live.remove(row.key)} />
        ))}
      </ul>
      {pendingFiles.length || live.rows.some((r) => r.state === "done") ? <p className="hint">{t("files:pendingNote")}</p> : null}
      {waitNote ? <p className="field-error" role="alert">{t("files:wait")}</p> : null}
      <div className={hydrated ? "drop-zone" : undefined}>
        {hydrated ? <p className="drop-zone-text" id="f-files-drop">{t(withEditor ? "files:drop" : "files:dropHere")}</p> : null}
        <label htmlFor="f-files" className={hydrated ? "visually-hidden" : undefined}>{t("files:choose")}</label>
        <input
          ref={input}
          id="f-files"
          type="file"
          name={hydrated ? undefined : "files"}
          multiple
          hidden={hydrated}
          aria-describedby={`f-files-hint${problems.length ? " f-files-error" : ""}`}
          aria-invalid={problems.length > 0 || undefined}
          onChange={hydrated ? (e) => {
            take(e.currentTarget.files);
            e.currentTarget.value = "";
          } : undefined}
        />
        {hydrated ? (
          <button type="button" className="button button-secondary" aria-describedby="f-files-drop f-files-hint" onClick={() => input.current?.click()}>
            {t("files:pick")}
          </button>
        ) : null}
      </div>
      <p className="visually-hidden" aria-live="polite" data-upload-status>{live.announcement}</p>
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
