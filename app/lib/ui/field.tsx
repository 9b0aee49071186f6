import { useEffect, useId, useRef, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError, FieldErrors } from "../forms.server";

/**
 * How a field is marked: "required" must be filled in to send the form at all; "publish" only
 * before something is published (a draft may leave it empty). The mark is text, not colour or an
 * asterisk alone, and it is part of the label, so screen readers say it too.
 */
export type Requirement = "required" | "publish";

export function RequiredMark({ kind }: { kind?: Requirement | null }) {
  const { t } = useTranslation();
  if (!kind) return null;
  return <span className={`req-mark req-${kind}`}> ({t(kind === "required" ? "forms:mark.required" : "forms:mark.publish")})</span>;
}

/** Says once, above a form, what its marks mean (`publish` adds the "before publishing" mark). */
export function RequiredLegend({ publish }: { publish?: boolean }) {
  const { t } = useTranslation();
  return (
    <p className="hint required-legend">
      {t("forms:legend.required")}
      {publish ? ` ${t("forms:legend.publish")}` : null}
    </p>
  );
}

/** The attributes that say "required" to assistive technology (and to the browser). */
export const requiredAttrs = (kind: Requirement | null | undefined, strict = false) =>
  kind === "required" ? { required: true, "aria-required": true as const } : kind === "publish" && strict ? { "aria-required": true as const } : {};

type Props = {
  name: string;
  label: string;
  errors?: FieldError[];
  hint?: string;
  type?: string;
  defaultValue?: string;
  /** `required` (mark + required attribute); see `requirement` for "needed to publish". */
  required?: boolean;
  requirement?: Requirement | null;
  /** A "publish" field counts as required now (editing something already published). */
  strict?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  minLength?: number;
};

/** Label, input, hint and translated errors, linked with aria-describedby. */
export function Field({ name, label, errors, hint, type = "text", multiline, rows = 8, required, requirement, strict, ...rest }: Props) {
  const { t } = useTranslation();
  const id = `f-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = Boolean(errors?.length);
  const kind = requirement ?? (required ? "required" : null);
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined;
  const common = { id, name, "aria-invalid": invalid || undefined, "aria-describedby": describedBy, ...requiredAttrs(kind, strict), ...rest };
  return (
    <div className={`field${invalid ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}<RequiredMark kind={kind} /></label>
      {hint ? <p id={hintId} className="hint">{hint}</p> : null}
      {invalid ? (
        <p id={errorId} className="field-error">
          {errors!.map((e) => t(e.key, e.params as Record<string, string>)).join(" ")}
        </p>
      ) : null}
      {multiline ? <textarea rows={rows} {...common} /> : <input type={type} {...common} />}
    </div>
  );
}

/** Moves focus to a field named by an error link: the element itself, or the first control in a group. */
export function focusField(id: string): boolean {
  const el = document.getElementById(id);
  if (!el) return false;
  const control = el.matches("input, select, textarea, button") ? el : el.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea, button");
  const target = (control ?? el) as HTMLElement;
  // A field inside a closed <details> is opened first, or it cannot take focus.
  for (let d = target.closest("details"); d; d = d.parentElement?.closest("details") ?? null) d.open = true;
  if (!control && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  target.focus();
  (el.closest(".field, fieldset") ?? el).scrollIntoView({ block: "center" });
  return document.activeElement === target;
}

type SummaryProps = {
  show: boolean;
  /** Form-level errors (a list), or every error of the form by field name. */
  errors?: FieldError[] | FieldErrors;
  /** Field name → its label, in the form's order; a listed field's errors become links to it. */
  labels?: Record<string, string>;
  /** Field name → element id when it is not `f-<name>`. */
  ids?: Record<string, string>;
};

/**
 * The error summary shown above a form that failed validation: every error, each field's as a
 * link to that field (following it focuses the field). It takes focus when it appears: in the
 * server's HTML through `autofocus` (no JavaScript needed), after a client-side submit through
 * focus(). Place it first in the page's content, before the heading.
 */
export function ErrorSummary({ show, errors, labels, ids }: SummaryProps) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (show) box.current?.focus();
  }, [show, errors]);
  if (!show) return null;
  const msg = (list: FieldError[]) => list.map((e) => t(e.key, e.params as Record<string, string>)).join(" ");
  const all: FieldErrors = Array.isArray(errors) ? { _form: errors } : (errors ?? {});
  const named = Object.keys(labels ?? {}).filter((k) => all[k]?.length);
  const rest = Object.keys(all).filter((k) => k !== "_form" && all[k]?.length && !named.includes(k));
  const items = [
    ...(all._form?.length ? [{ key: "_form", text: msg(all._form), href: null as string | null }] : []),
    ...named.map((k) => ({ key: k, text: `${labels![k]}${/[?:!.]$/.test(labels![k]) ? "" : ":"} ${msg(all[k])}`, href: ids?.[k] ?? `f-${k}` })),
    ...rest.map((k) => ({ key: k, text: msg(all[k]), href: ids?.[k] ?? `f-${k}` })),
  ];
  const follow = (id: string) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (focusField(id)) e.preventDefault();
  };
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- the summary must be read first after a failed submit
    <div className="error-summary" role="alert" tabIndex={-1} ref={box} autoFocus aria-labelledby={titleId}>
      <p id={titleId}>{t("form.errorSummary")}</p>
      {items.length ? (
        <ul className="error-summary-list">
          {items.map((i) => (
            <li key={i.key}>{i.href ? <a href={`#${i.href}`} onClick={follow(i.href)}>{i.text}</a> : i.text}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A submit button that shows a pending state while its form submits. */
export function SubmitButton({ children, pending, name, value, className }: { children: React.ReactNode; pending?: boolean; name?: string; value?: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <button type="submit" className={className ?? "button"} name={name} value={value} aria-disabled={pending || undefined} disabled={pending}>
      {pending ? t("form.submitting") : children}
    </button>
  );
}
