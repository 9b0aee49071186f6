import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/lib/ui/field";
import { CADENCES, MAIL_KINDS } from "~/mail/types";

type Props = {
  prefs: Record<string, string>;
  consents: { kind: string; cadence: string; source: string; at: string }[];
  saved: boolean;
  errors: Record<string, string>;
  values: Record<string, string>;
};

/** The mail section of the notification settings: one cadence per kind; a plain form (no JS needed). */
export function MailSettings({ prefs, consents, saved, errors, values }: Props) {
  const { t } = useTranslation();
  const failed = Object.keys(errors);
  return (
    <section id="mail" aria-labelledby="mail-title">
      <h2 id="mail-title">{t("mail:settings.title")}</h2>
      <p>{t("mail:settings.intro")}</p>
      {saved ? <p role="status">{t("mail:settings.saved")}</p> : null}
      <ErrorSummary
        show={failed.length > 0}
        errors={{ _form: failed.filter((f) => !f.startsWith("mail.")).map((f) => ({ key: errors[f] })), ...Object.fromEntries(failed.filter((f) => f.startsWith("mail.")).map((f) => [f, [{ key: errors[f] }]])) }}
        labels={Object.fromEntries(failed.filter((f) => f.startsWith("mail.")).map((f) => [f, t(`mail:kindLabel.${f.slice(5)}`)]))}
        ids={Object.fromEntries(failed.filter((f) => f.startsWith("mail.")).map((f) => [f, `f-mail-${f.slice(5)}`]))}
      />
      <Form method="post" action="/settings/notifications">
        <input type="hidden" name="intent" value="mail" />
        <table className="mail-settings">
          <thead><tr><th scope="col">{t("mail:settings.kind")}</th><th scope="col">{t("mail:settings.cadence")}</th></tr></thead>
          <tbody>
            {MAIL_KINDS.map((k) => {
              const name = `mail.${k}`;
              const id = `f-mail-${k}`;
              const bad = Boolean(errors[name]);
              const chosen = values[name] !== undefined && (CADENCES as readonly string[]).includes(values[name]) ? values[name] : prefs[k];
              return (
                <tr key={k}>
                  <td><label htmlFor={id}>{t(`mail:kindLabel.${k}`)}</label></td>
                  <td>
                    <select id={id} name={name} defaultValue={chosen} aria-invalid={bad || undefined} aria-describedby={bad ? `${id}-error` : undefined}>
                      {CADENCES.map((c) => <option key={c} value={c}>{t(`mail:cadence.${c}`)}</option>)}
                    </select>
                    {bad ? <span id={`${id}-error`} className="field-error">{t(errors[name])}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit" className="button">{t("mail:settings.save")}</button>
      </Form>
      {consents.length ? (
        <details>
          <summary>{t("mail:settings.consents")}</summary>
          <ul>{consents.map((c, i) => <li key={i}><time dateTime={c.at}>{c.at.slice(0, 16).replace("T", " ")}</time> {t(`mail:kindLabel.${c.kind}`)}: {t(`mail:cadence.${c.cadence}`)} ({t(`mail:settings.source_${c.source}`)})</li>)}</ul>
        </details>
      ) : null}
    </section>
  );
}
