import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError } from "../../lib/forms.server";
import { MentionSuggest } from "../../notifications/components/mention-suggest";

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
};

/**
 * A Markdown textarea (label, hint, errors like <Field>) with a live server-rendered preview
 * when JavaScript runs; without JavaScript it is a plain textarea.
 */
export function MarkdownField({ name, label, hint, errors, defaultValue, rows = 10, idSuffix = "", mentionThreadId }: Props) {
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
  return (
    <div className={`field md-field${invalid ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      {invalid ? (
        <p id={`${id}-error`} className="field-error">
          {errors!.map((e) => t(e.key, e.params as Record<string, string>)).join(" ")}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
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
