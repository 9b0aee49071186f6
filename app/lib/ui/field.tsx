import { useTranslation } from "react-i18next";
import type { FieldError } from "../forms.server";

type Props = {
  name: string;
  label: string;
  errors?: FieldError[];
  hint?: string;
  type?: string;
  defaultValue?: string;
  required?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  minLength?: number;
};

/** Label, input, hint and translated errors, linked with aria-describedby. */
export function Field({ name, label, errors, hint, type = "text", multiline, rows = 8, ...rest }: Props) {
  const { t } = useTranslation();
  const id = `f-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined;
  const common = { id, name, "aria-invalid": invalid || undefined, "aria-describedby": describedBy, ...rest };
  return (
    <div className={`field${invalid ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
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

/** The form-level error summary shown above a form that failed validation. */
export function ErrorSummary({ show, errors }: { show: boolean; errors?: FieldError[] }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <div className="error-summary" role="alert">
      <p>{t("form.errorSummary")}</p>
      {errors?.length ? <p>{errors.map((e) => t(e.key, e.params as Record<string, string>)).join(" ")}</p> : null}
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
