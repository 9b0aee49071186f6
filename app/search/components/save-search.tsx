import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldError } from "~/lib/forms.server";
import { Field } from "~/lib/ui/field";
import { ALERTS } from "../saved.schemas";

export type SaveFailure = { errors: Record<string, FieldError[]>; values: Record<string, string | string[]> };

/**
 * "Save this search" under the results: a plain POST form (works without JavaScript) carrying the
 * canonical query; a failed save comes back with the typed name and choice kept. Signed out: a
 * sign-in link that returns here.
 */
export function SaveSearch({ query, signedIn, failure }: { query: string; signedIn: boolean; failure?: SaveFailure | null }) {
  const { t } = useTranslation();
  const here = query ? `/search?${query}` : "/search";
  if (!signedIn) return <p className="meta save-search"><Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("saved:save.signIn")}</Link></p>;
  const v = failure?.values ?? {};
  const alert = typeof v.alert === "string" ? v.alert : "off";
  const formErrors = [...(failure?.errors.query ?? []), ...(failure?.errors._form ?? [])];
  return (
    <section className="save-search" aria-labelledby="save-search-heading">
      <h2 id="save-search-heading">{t("saved:save.heading")}</h2>
      <Form method="post" action={here} noValidate>
        {formErrors.length ? <p className="field-error" role="alert">{formErrors.map((e) => t(e.key)).join(" ")}</p> : null}
        <input type="hidden" name="query" value={typeof v.query === "string" ? v.query : query} />
        <Field name="name" label={t("saved:save.name")} hint={t("saved:save.nameHint")} errors={failure?.errors.name} defaultValue={typeof v.name === "string" ? v.name : ""} maxLength={200} />
        <fieldset className="field">
          <legend>{t("saved:save.alert")}</legend>
          {ALERTS.map((a) => (
            <label key={a} className="choice">
              <input type="radio" name="alert" value={a} defaultChecked={alert === a} /> <span>{t(`saved:alert.${a}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" name="intent" value="save">{t("saved:save.submit")}</button>
          <Link to="/search/saved">{t("saved:title")}</Link>
        </div>
      </Form>
    </section>
  );
}
