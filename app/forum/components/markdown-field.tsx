import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError } from "../../lib/forms.server";
import { RequiredMark, requiredAttrs } from "../../lib/ui/field";
import { MentionSuggest } from "../../notifications/components/mention-suggest";
import { altFromFilename, offerFiles } from "../../attachments/components/upload-client";

type Props = {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldError[];
  defaultValue?: string;
  rows?: number;
  idSuffix?: string;
  /** The thread a reply goes to: the autocomplete flags people who cannot read it. */
  mentionThreadId?: string;
  /** Marked (obligatoriskt) and aria-required. */
  required?: boolean;
};

/**
 * A Markdown textarea (label, hint, errors like <Field>) with a live server-rendered preview
 * when JavaScript runs; without JavaScript it is a plain textarea.
 */
export function MarkdownField({ name, label, hint, errors, defaultValue, rows = 10, idSuffix = "", mentionThreadId, required }: Props) {
  const { t } = useTranslation();
  const id = `f-${name}${idSuffix}`;
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const [hydrated, setHydrated] = useState(false);
  const [preview, setPreview] = useState({ html: "", busy: false });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inflight = useRef<AbortController>();
  useEffect(() => setHydrated(true), []);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inflight.current?.abort();
    },
    [],
  );
  // A plain fetch, not a Remix fetcher: a fetcher's action makes the router reload the page's
  // data, and one landing while a reply's own redirect loads could cancel that load and leave the
  // page without the reply just sent. The preview changes nothing, so it stays outside the router.
  const onInput = (value: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      inflight.current?.abort();
      const ac = new AbortController();
      inflight.current = ac;
      setPreview((p) => ({ ...p, busy: true }));
      try {
        const r = await fetch("/api/preview", { method: "POST", body: new URLSearchParams({ body: value }), signal: ac.signal });
        const data = (await r.json()) as { html?: string };
        if (!ac.signal.aborted) setPreview({ html: data.html ?? "", busy: false });
      } catch {
        if (!ac.signal.aborted) setPreview((p) => ({ ...p, busy: false }));
      }
    }, 350);
  };
  const html = preview.html;
  const area = useRef<HTMLTextAreaElement>(null);
  // A pasted or dropped image goes to the form's attachment fields (progress bar, hidden field);
  // a placeholder marks the caret meanwhile and becomes `![name](attachment:<id>)` when done.
  const attach = (files: File[]) => {
    const ta = area.current;
    if (!ta || files.length === 0) return false;
    const images = files.filter((f) => f.type.startsWith("image/"));
    const marks = new Map<File, string>();
    let text = "";
    for (const f of images) {
      const mark = `![${t("files:placeholder", { name: f.name.replace(/[[\]\\\r\n]+/g, " ") })}]()`;
      marks.set(f, mark);
      text += (text ? "\n" : "") + mark;
    }
    const accepted = offerFiles(ta, {
      files,
      onUploaded: (f, a) => {
        const mark = marks.get(f);
        if (!mark || a.kind !== "image") return;
        replaceMark(ta, mark, `![${altFromFilename(a.filename, t("files:imageAlt"))}](attachment:${a.publicId})`);
      },
      onFailed: (f) => {
        const mark = marks.get(f);
        if (mark) replaceMark(ta, mark, "");
      },
    });
    if (accepted && text) insertAtCaret(ta, text);
    return accepted;
  };
  return (
    <div className={`field md-field${invalid ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}<RequiredMark kind={required ? "required" : null} /></label>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      {invalid ? (
        <p id={`${id}-error`} className="field-error">
          {errors!.map((e) => t(e.key, e.params as Record<string, string>)).join(" ")}
        </p>
      ) : null}
      <textarea
        ref={area}
        data-md-upload={hydrated ? "" : undefined}
        onPaste={hydrated ? (e) => {
          const files = [...e.clipboardData.files];
          if (files.some((f) => f.type.startsWith("image/")) && attach(files)) e.preventDefault();
        } : undefined}
        onDragOver={hydrated ? (e) => {
          if ([...e.dataTransfer.types].includes("Files")) e.preventDefault();
        } : undefined}
        onDrop={hydrated ? (e) => {
          const files = [...e.dataTransfer.files];
          if (files.length && attach(files)) {
            e.preventDefault();
            e.stopPropagation(); // the fieldset's drop zone must not take them a second time
          }
        } : undefined}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        {...requiredAttrs(required ? "required" : null)}
        onInput={hydrated ? (e) => onInput(e.currentTarget.value) : undefined}
      />
      {hydrated ? <MentionSuggest textareaId={id} threadId={mentionThreadId} /> : null}
      {hydrated ? (
        <section className="md-preview" aria-label={t("forum:preview.heading")}>
          <p className="md-preview-title">{t("forum:preview.heading")}</p>
          {html ? (
            <div className="prose preview-body" aria-busy={preview.busy} dangerouslySetInnerHTML={{ __html: html }} />
          ) : (
            <p className="meta">{t("forum:preview.empty")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

/** Inserts text at the caret (replacing a selection) and tells React and the preview. */
function insertAtCaret(ta: HTMLTextAreaElement, text: string) {
  const start = ta.selectionStart ?? ta.value.length;
  const end = ta.selectionEnd ?? start;
  ta.setRangeText(text, start, end, "end");
  ta.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Replaces an upload placeholder, keeping the writer's caret; when done, the alt text is selected to edit. */
function replaceMark(ta: HTMLTextAreaElement, mark: string, text: string) {
  const at = ta.value.indexOf(mark);
  if (at < 0) return;
  const caretAfter = ta.selectionStart === at + mark.length && ta.selectionEnd === ta.selectionStart;
  const focused = ta.ownerDocument.activeElement === ta;
  ta.setRangeText(text, at, at + mark.length, "preserve");
  if (focused && caretAfter) {
    const alt = text.match(/^!\[([^\]]*)\]/);
    if (alt) ta.setSelectionRange(at + 2, at + 2 + alt[1].length);
    else ta.setSelectionRange(at, at);
  }
  ta.dispatchEvent(new Event("input", { bubbles: true }));
}
