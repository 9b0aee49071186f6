import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError } from "../../lib/forms.server";
import { RequiredMark, requiredAttrs } from "../../lib/ui/field";
import { useCombobox } from "../../lib/ui/use-combobox";
import type { TagSuggestion } from "../types";

type Props = { name: string; label: string; hint: string; errors?: FieldError[]; defaultValue: string; required?: boolean };
type Reply = { tags: TagSuggestion[]; canCreate: boolean };

// The word being typed: what follows the last comma.
const current = (v: string) => v.slice(v.lastIndexOf(",") + 1).trim();

/**
 * Tag entry: a comma-separated text field (works without JavaScript; the server names unknown
 * tags). With JavaScript it is a WAI-ARIA combobox (APG "list autocomplete") over live tags and
 * their synonyms from /tags/suggest.json for the word being typed, with the shared combobox keys
 * (use-combobox.ts): Up/Down move (aria-activedescendant), Enter puts the tag in place of the
 * word, Escape closes the list. A
 * polite live region (not role=status, which is the page's own message) says how many match, and
 * a note says when the word is not a tag.
 */
export function TagInput({ name, label, hint, errors, defaultValue, required }: Props) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Reply>({ key: "tag-suggest" });
  const [value, setValue] = useState(defaultValue);
  const asked = useRef("");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => setValue(defaultValue), [defaultValue]);

  const id = `f-${name}`;
  const word = current(value);
  const taken = value.split(",").slice(0, -1).map((w) => w.trim().toLowerCase());
  const fresh = word.length >= 2 && asked.current === word && fetcher.state === "idle" && fetcher.data;
  const items = fresh ? fetcher.data!.tags.filter((o) => !taken.includes(o.name.toLowerCase())) : [];
  const listId = `${id}-listbox`;
  const combo = useCombobox({
    items, optionId: (o) => `${id}-opt-${o.slug}`, listId, reopenOnFocus: true,
    onChoose: (o) => {
      const head = value.slice(0, value.lastIndexOf(",") + 1);
      setValue(`${head}${head ? " " : ""}${o.name}, `);
      asked.current = "";
      input.current?.focus();
    },
  });
  const { hydrated, focused, open } = combo;
  // Not a tag: said once the list is closed or empty (while it offers tags, a prefix is normal).
  const unknown = fresh && !open && !fetcher.data!.tags.some((o) => o.exact) ? word : null;

  const onInput = (v: string) => {
    setValue(v);
    combo.reopen();
    clearTimeout(timer.current);
    const w = current(v);
    if (w.length < 2) return;
    timer.current = setTimeout(() => {
      asked.current = w;
      fetcher.load(`/tags/suggest.json?q=${encodeURIComponent(w)}`);
    }, 120);
  };
  const invalid = Boolean(errors?.length);
  const noteId = `${id}-note`;
  const note = unknown ? t(fetcher.data!.canCreate ? "forms:tags.newTagCreate" : "forms:tags.newTagNotAllowed", { name: unknown }) : "";
  const live = !hydrated || !focused || word.length < 2 || !fresh ? "" : items.length ? t("forms:tags.count", { count: items.length }) : note || t("forms:tags.none");
  const describedBy = [`${id}-hint`, unknown ? noteId : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field tag-input${invalid ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}<RequiredMark kind={required ? "required" : null} /></label>
      <p id={`${id}-hint`} className="hint">{hint}{hydrated ? ` ${t("forms:tags.hint")}` : null}</p>
      {invalid ? <p id={`${id}-error`} className="field-error">{errors!.map((x) => t(x.key, x.params as Record<string, string>)).join(" ")}</p> : null}
      <div className="combo">
        <input
          ref={input} type="text" id={id} name={name} value={value} autoComplete="off" spellCheck={false} maxLength={400}
          aria-invalid={invalid || undefined} aria-describedby={describedBy} {...requiredAttrs(required ? "required" : null)} {...combo.inputProps}
          onChange={(e) => onInput(e.target.value)}
        />
        {hydrated ? (
          <ul {...combo.listProps} aria-label={t("forms:tags.suggestions")} className="combo-list">
            {open ? items.map((o, i) => (
              <li key={o.slug} {...combo.optionProps(i)}>
                <span className="combo-label">{o.name}</span>
                {o.synonym ? <span className="combo-note">{t("forms:tags.synonym", { word: o.synonym })}</span> : null}
              </li>
            )) : null}
          </ul>
        ) : null}
      </div>
      {unknown ? <p id={noteId} className="hint tag-note">{note}</p> : null}
      {hydrated ? <span className="visually-hidden" aria-live="polite" aria-atomic="true">{live}</span> : null}
    </div>
  );
}
