import { SubmissionField } from "~/lib/ui/submission-field";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/lib/forms.server";
import { formatDate } from "~/lib/i18n/format";
import type { Locale } from "~/lib/i18n/resources";
import { Field, SubmitButton } from "~/lib/ui/field";
import type { Adoption, OrgRef } from "../types";
import { SelectField } from "./inputs";
import { ConfirmAction } from "~/confirm/components/confirm-action";

/** Who else uses this case, and the form to add your organisation. */
export function Adoptions({ adoptions, choices, errors, values, pending, signedIn, today, canRemove, here, submission, caseId }: {
  submission?: string | null;
  /** Withdrawing an adoption goes through its confirm step. */
  caseId: string;
  adoptions: Adoption[]; choices: OrgRef[]; errors?: FieldErrors; values?: Record<string, string | string[]>; pending: boolean;
  signedIn: boolean; today: string; canRemove: (a: Adoption) => boolean; here: string;
}) {
  const { t, i18n } = useTranslation();
  const v = (k: string) => String(values?.[k] ?? "");
  return (
    <section aria-labelledby="adoptions-heading" className="adoptions">
      <h2 id="adoptions-heading">{t("cases:adoptions.heading")}</h2>
      {adoptions.length === 0 ? <p>{t("cases:adoptions.none")}</p> : (
        <ul className="list">
          {adoptions.map((a) => (
            <li key={a.id}>
              <p>
                <strong><Link to={`/orgs/${a.org.slug}`}>{a.org.name}</Link></strong>{" "}
                <span className={`badge ${a.status === "adopted" ? "badge-ok" : "badge-brand"}`}>{t(`cases:adoptions.${a.status}`)}</span>{" "}
                <span className="meta">{t("cases:adoptions.since", { date: formatDate(a.adoptedOn, i18n.language as Locale) })}</span>
              </p>
              {a.note ? <p>{a.note}</p> : null}
              {a.derivedCase ? (
                <p><Link to={`/cases/${a.derivedCase.id}-${a.derivedCase.slug}`}>{t("cases:adoptions.derived", { title: a.derivedCase.title })}</Link></p>
              ) : null}
              {canRemove(a) ? (
                <p><ConfirmAction kind="removeAdoption" params={{ caseId, adoptionId: a.id }}>{t("cases:adoptions.remove")}<span className="visually-hidden"> ({a.org.name})</span></ConfirmAction></p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {choices.length ? (
        <Form method="post" className="stack adopt-form" noValidate>
          <h3>{t("cases:adoptions.formHeading")}</h3>
          <input type="hidden" name="intent" value="adopt" />
          <SubmissionField token={submission} />
          {choices.length === 1 ? (
            <>
              <input type="hidden" name="org_id" value={choices[0].id} />
              <p className="meta">{t("cases:adoptions.org")}: {choices[0].name}</p>
            </>
          ) : (
            <SelectField name="org_id" label={t("cases:adoptions.org")} options={choices.map((o) => ({ value: o.id, label: o.name }))} value={v("org_id")} errors={errors?.org_id} />
          )}
          {choices.length === 1 && errors?.org_id ? <p className="field-error">{t(errors.org_id[0].key)}</p> : null}
          <SelectField name="status" label={t("cases:adoptions.status")} options={[{ value: "adopted", label: t("cases:adoptions.adopted") }, { value: "trying", label: t("cases:adoptions.trying") }]} value={v("status") || "trying"} errors={errors?.status} />
          <Field name="adopted_on" type="date" label={t("cases:adoptions.date")} defaultValue={v("adopted_on") || today} errors={errors?.adopted_on} />
          <Field name="note" label={t("cases:adoptions.note")} multiline rows={3} defaultValue={v("note")} errors={errors?.note ?? errors?._form} maxLength={2000} />
          <Field name="derived_case_id" label={t("cases:adoptions.derivedCase")} hint={t("cases:adoptions.derivedHint")} defaultValue={v("derived_case_id")} errors={errors?.derived_case_id} />
          <SubmitButton pending={pending}>{t("cases:adoptions.submit")}</SubmitButton>
        </Form>
      ) : !signedIn ? (
        <p><Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("cases:adoptions.signIn")}</Link></p>
      ) : null}
    </section>
  );
}
