import { useTranslation } from "react-i18next";
import type { FieldError } from "../../lib/forms.server";

/** A labelled <select> with translated errors next to it, like <Field>. */
export function SelectField({
  name, label, options, defaultValue, errors, hint, id, hideLabel,
}: {
  name: string; label: string; options: { value: string; label: string }[]; defaultValue?: string; errors?: FieldError[]; hint?: string; id?: string; hideLabel?: boolean;
}) {
  const { t } = useTranslation();
  const fid = id ?? `f-${name}`;
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? `${fid}-hint` : null, invalid ? `${fid}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${invalid ? " field-invalid" : ""}`}>
      <label htmlFor={fid} className={hideLabel ? "visually-hidden" : undefined}>{label}</label>
      {hint ? <p id={`${fid}-hint`} className="hint">{hint}</p> : null}
      {invalid ? <p id={`${fid}-error`} className="field-error">{errors!.map((e) => t(e.key, e.params as Record<string, string>)).join(" ")}</p> : null}
      <select id={fid} name={name} defaultValue={defaultValue} aria-invalid={invalid || undefined} aria-describedby={describedBy}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

/** A success message announced politely to screen readers. */
export function Done({ message }: { message?: string | null }) {
  if (!message) return null;
  return <p className="notice" role="status">{message}</p>;
}

/** Errors that belong to no single field (a form-level message). */
export function FormErrors({ errors }: { errors?: FieldError[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return <div className="error-summary" role="alert"><p>{errors.map((e) => t(e.key, e.params as Record<string, string>)).join(" ")}</p></div>;
}
