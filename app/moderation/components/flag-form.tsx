import { SubmissionField } from "~/lib/ui/submission-field";
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FLAG_REASONS } from "../types";

type Errors = Record<string, { key: string; params?: Record<string, unknown> }[]>;
type FlagData = { ok: false; errors?: Errors; values?: Record<string, string | string[]> } | undefined;

/** The flag form (reason + text) posting to /flag; used in ItemTools and on the /flag page. */
export function FlagForm(props: { targetType: string; targetId: string; redirectTo: string; data?: FlagData; submission?: string | null }) {
  const { t } = useTranslation("moderation");
  const { t: tc } = useTranslation();
  const fetcher = useFetcher<FlagData>();
  const data = props.data ?? fetcher.data;
  const pending = fetcher.state !== "idle";
  const base = `flag-${props.targetType}-${props.targetId}`;
  const errors = data && !data.ok ? data.errors : undefined;
  const values = data && !data.ok ? data.values : undefined;
  const msg = (list?: Errors[string]) => list?.map((e) => tc(e.key, e.params as Record<string, string>)).join(" ");
  return (
    <fetcher.Form method="post" action="/flag" className="flag-form" noValidate>
      <input type="hidden" name="targetType" value={props.targetType} />
      <input type="hidden" name="targetId" value={props.targetId} />
      <input type="hidden" name="redirectTo" value={props.redirectTo} />
      <SubmissionField token={props.submission} />
      {errors?._form ? <p className="field-error" role="alert">{msg(errors._form)}</p> : null}
      <fieldset aria-describedby={errors?.reason ? `${base}-reason-error` : undefined}>
        <legend>{t("tools.flagLegend")}</legend>
        {errors?.reason ? <p id={`${base}-reason-error`} className="field-error">{msg(errors.reason)}</p> : null}
        {FLAG_REASONS.map((r) => (
          <div className="choice" key={r}>
            <input type="radio" id={`${base}-${r}`} name="reason" value={r} defaultChecked={values?.reason === r} required />
            <label htmlFor={`${base}-${r}`}>{t(`reasons.${r}`)}</label>
          </div>
        ))}
      </fieldset>
      <div className={`field${errors?.text ? " field-invalid" : ""}`}>
        <label htmlFor={`${base}-text`}>{t("tools.flagText")}</label>
        {errors?.text ? <p id={`${base}-text-error`} className="field-error">{msg(errors.text)}</p> : null}
        <textarea
          id={`${base}-text`} name="text" rows={3} maxLength={1000} defaultValue={String(values?.text ?? "")}
          aria-invalid={errors?.text ? true : undefined} aria-describedby={errors?.text ? `${base}-text-error` : undefined}
        />
      </div>
      <button type="submit" className="button" disabled={pending} aria-disabled={pending || undefined}>
        {pending ? tc("form.submitting") : t("tools.flagSubmit")}
      </button>
    </fetcher.Form>
  );
}
