import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type FieldSpec = { name: string; label: string; hint?: string; multiline?: boolean; required?: boolean; defaultValue?: string };
type Errors = Record<string, { key: string; params?: Record<string, unknown> }[]>;
type ActionData = { ok: false; errors?: Errors; values?: Record<string, string | string[]> } | undefined;

/** Which inputs each moderation intent needs (labels are moderation catalogue keys). */
export const INTENT_FIELDS: Record<string, FieldSpec[]> = {
  hide: [{ name: "reason", label: "tools.hideReason", required: true }],
  restore: [{ name: "reason", label: "tools.reasonOptional" }],
  lock: [{ name: "reason", label: "tools.reasonOptional" }],
  unlock: [],
  unpin: [],
  retag: [{ name: "tags", label: "tools.tags", required: true }, { name: "reason", label: "tools.reasonOptional" }],
  edit: [{ name: "title", label: "edit.titleField" }, { name: "body", label: "edit.body", multiline: true, required: true }, { name: "reason", label: "tools.reason", required: true }],
  redact: [{ name: "text", label: "tools.redactText", hint: "tools.redactHint", required: true }, { name: "reason", label: "tools.reason", required: true }],
  mark_best: [{ name: "note", label: "tools.bestNote", multiline: true, required: true }],
  unmark_best: [{ name: "reason", label: "tools.reasonOptional" }],
  mark_outdated: [{ name: "note", label: "tools.outdatedNote", multiline: true, required: true }],
  clear_outdated: [],
  dismiss: [{ name: "reason", label: "tools.reasonOptional" }],
  request_review: [{ name: "message", label: "tools.reviewMessage", multiline: true }],
  dispose: [{ name: "decisionRef", label: "tools.decisionRef", hint: "tools.disposeHint", required: true }],
};

/**
 * One moderation action as a small form posting to /mod/act. Works without JavaScript (the
 * route answers with a page); with JavaScript errors appear next to the fields.
 */
export function ActionForm(props: {
  intent: string;
  label: string;
  targetType: string;
  targetId: string;
  redirectTo: string;
  danger?: boolean;
  data?: ActionData;
}) {
  const { t } = useTranslation("moderation");
  const { t: tc } = useTranslation();
  const fetcher = useFetcher<ActionData>();
  const data = props.data ?? fetcher.data;
  const pending = fetcher.state !== "idle";
  const fields = INTENT_FIELDS[props.intent] ?? [];
  const base = `mod-${props.targetType}-${props.targetId}-${props.intent}`;
  const formErrors = data && !data.ok ? data.errors?._form : undefined;
  const msg = (e: { key: string; params?: Record<string, unknown> }) => tc(e.key, e.params as Record<string, string>);
  return (
    <fetcher.Form method="post" action="/mod/act" className={`mod-action mod-action-${props.intent}`} noValidate>
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="targetType" value={props.targetType} />
      <input type="hidden" name="targetId" value={props.targetId} />
      <input type="hidden" name="redirectTo" value={props.redirectTo} />
      {/* Shown again after a refused gallring: the person has been through its confirm step. */}
      {props.intent === "dispose" ? <input type="hidden" name="confirmed" value="1" /> : null}
      {formErrors?.length ? <p className="field-error" role="alert">{formErrors.map(msg).join(" ")}</p> : null}
      {fields.map((f) => {
        const id = `${base}-${f.name}`;
        const errs = data && !data.ok ? data.errors?.[f.name] : undefined;
        const value = data && !data.ok ? String(data.values?.[f.name] ?? "") : (f.defaultValue ?? "");
        const describedBy = [f.hint ? `${id}-hint` : null, errs?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
        const common = { id, name: f.name, defaultValue: value, required: f.required, "aria-invalid": errs?.length ? true : undefined, "aria-describedby": describedBy };
        return (
          <div className={`field${errs?.length ? " field-invalid" : ""}`} key={f.name}>
            <label htmlFor={id}>{t(f.label)}</label>
            {f.hint ? <p id={`${id}-hint`} className="hint">{t(f.hint)}</p> : null}
            {errs?.length ? <p id={`${id}-error`} className="field-error">{errs.map(msg).join(" ")}</p> : null}
            {f.multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
          </div>
        );
      })}
      <button type="submit" className={props.danger ? "button button-danger" : "button button-secondary"} disabled={pending} aria-disabled={pending || undefined}>
        {pending ? tc("form.submitting") : props.label}
      </button>
    </fetcher.Form>
  );
}
