import { useTranslation } from "react-i18next";
import type { FieldError } from "~/lib/forms.server";
import { RequiredMark, type Requirement } from "~/lib/ui/field";

// Choice inputs with the same label/hint/error wiring as <Field>.

type Option = { value: string; label: string; hint?: string };

function ErrorText({ id, errors }: { id: string; errors?: FieldError[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return <p id={id} className="field-error">{errors.map((e) => t(e.key, e.params as Record<string, string>)).join(" ")}</p>;
}

const describe = (hintId: string | null, errorId: string | null) => [hintId, errorId].filter(Boolean).join(" ") || undefined;

export function SelectField({ name, label, options, value, errors, hint, placeholder, requirement }: { name: string; label: string; options: Option[]; value?: string; errors?: FieldError[]; hint?: string; placeholder?: string; requirement?: Requirement | null }) {
  const id = `f-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <div className={`field${invalid ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}<RequiredMark kind={requirement} /></label>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      <ErrorText id={`${id}-error`} errors={errors} />
      <select id={id} name={name} defaultValue={value ?? ""} aria-invalid={invalid || undefined} aria-required={requirement === "required" || undefined} aria-describedby={describe(hint ? `${id}-hint` : null, invalid ? `${id}-error` : null)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

export function ChoiceGroup({ name, legend, options, values, errors, hint, multiple, className, requirement }: { name: string; legend: string; options: Option[]; values: string[]; errors?: FieldError[]; hint?: string; multiple?: boolean; className?: string; requirement?: Requirement | null }) {
  const id = `f-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <fieldset className={`field choice-group${invalid ? " field-invalid" : ""}${className ? ` ${className}` : ""}`} id={id} aria-describedby={describe(hint ? `${id}-hint` : null, invalid ? `${id}-error` : null)}>
      <legend>{legend}<RequiredMark kind={requirement} /></legend>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      <ErrorText id={`${id}-error`} errors={errors} />
      <div className="choices">
        {options.map((o) => (
          <label key={o.value} className="choice">
            <input type={multiple ? "checkbox" : "radio"} name={name} value={o.value} defaultChecked={values.includes(o.value)} aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined} />
            <span>
              {o.label}
              {o.hint ? <span className="hint choice-hint" id={`${id}-${o.value}-hint`}>{o.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export { ErrorText };
