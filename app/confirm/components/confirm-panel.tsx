import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CONFIRMED_FIELD, type ConfirmView } from "../types";

/**
 * What a destructive action will do, and the form that does it: the confirm page's content and
 * the dialog's. The form posts to the route that owns the action, with the same fields as the
 * old one-click button plus the confirmation.
 */
export function ConfirmPanel({ view, headingId, headingLevel = 1, onCancel, errors }: {
  view: ConfirmView;
  headingId: string;
  headingLevel?: 1 | 2;
  /** In a dialog Cancel closes it; on the page it is a link back. */
  onCancel?: () => void;
  errors?: { key: string }[];
}) {
  const { t } = useTranslation("confirm");
  const nav = useNavigation();
  const pending = nav.state === "submitting" && nav.formData?.get(CONFIRMED_FIELD) === "1" && nav.formAction?.split("?")[0] === view.action;
  const H = headingLevel === 1 ? "h1" : "h2";
  const ref = `${headingId}-decisionRef`;
  return (
    <div className="confirm-panel">
      <H id={headingId}>{t(`heading.${view.kind}`)}</H>
      <p className="confirm-name"><strong>{view.name}</strong></p>
      <p>{t("what")}</p>
      <ul className="confirm-facts">
        {view.facts.map((f) => <li key={f.key}>{t(f.key, f.params)}</li>)}
      </ul>
      <Form method="post" action={view.action} className="stack confirm-form" noValidate>
        {Object.entries(view.fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
        <input type="hidden" name={CONFIRMED_FIELD} value="1" />
        {view.decisionRef ? (
          <div className={`field${errors?.length ? " field-invalid" : ""}`}>
            <label htmlFor={ref}>{t("decisionRef")}</label>
            <p id={`${ref}-hint`} className="hint">{t("decisionRefHint")}</p>
            <input id={ref} type="text" name="decisionRef" required aria-required="true" minLength={3} maxLength={200} aria-describedby={`${ref}-hint`} />
          </div>
        ) : null}
        <div className="confirm-buttons">
          <button type="submit" className="button button-danger" disabled={pending} aria-disabled={pending || undefined}>
            {pending ? t("common:form.submitting") : t(`submit.${view.kind}`)}
          </button>
          {onCancel ? (
            <button type="button" className="button button-secondary confirm-cancel" onClick={onCancel}>{t("cancel")}</button>
          ) : (
            <Link to={view.cancelTo} className="confirm-cancel">{t("cancelBack")}</Link>
          )}
        </div>
      </Form>
    </div>
  );
}
