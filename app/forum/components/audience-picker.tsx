import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../../lib/forms.server";
import { levelName, useChosenOrgName } from "../../lib/ui/visibility-badge";
import { AUDIENCES, type Audience } from "../types";

type Org = { id: string; name: string };
/** `own`: the organisations the thread may belong to (the form's #f-orgId select). */
type Props = { audience: string; anyPublic: boolean; own: Org[]; others: Org[]; shared: string[]; errors: FieldErrors };

const msg = (t: (k: string, p?: Record<string, string>) => string, list?: { key: string; params?: Record<string, unknown> }[]) =>
  (list ?? []).map((x) => t(x.key, x.params as Record<string, string>)).join(" ");

/**
 * "Vem får läsa?" and the organisation picker. The "my organisation and chosen organisations"
 * choice explains next to it where the organisations are chosen (so without JavaScript the
 * picker below is found); with JavaScript choosing it opens the picker at once and says so.
 */
export function AudiencePicker({ audience, anyPublic, own, others, shared, errors: e }: Props) {
  const { t } = useTranslation();
  const org = useChosenOrgName("f-orgId", own, t("forms24:visibility.yourOrg"));
  const [current, setCurrent] = useState(audience);
  const [opened, setOpened] = useState(false);
  useEffect(() => setCurrent(audience), [audience]);
  const open = current === "chosen" || Boolean(e.sharedOrgIds);
  const choose = (a: string) => {
    setCurrent(a);
    setOpened(a === "chosen");
  };
  return (
    <>
      <fieldset id="f-audience" className={e.audience ? "field-invalid" : undefined} aria-describedby={e.audience ? "f-audience-error" : undefined}>
        <legend>{t("forum:audience.label")}</legend>
        {e.audience ? <p className="field-error" id="f-audience-error">{msg(t, e.audience)}</p> : null}
        {AUDIENCES.filter((a) => a !== "public" || anyPublic).map((a: Audience) => (
          <label key={a} className="choice">
            <input type="radio" name="audience" value={a} defaultChecked={audience === a} onChange={() => choose(a)} aria-describedby={a === "chosen" ? "f-audience-chosen-hint" : undefined} />
            <span>
              {levelName(t, a, org)}
              {a === "chosen" ? (
                <span className="hint choice-hint" id="f-audience-chosen-hint">{opened ? t("forms:picker.opened") : t("forms:picker.hint")}</span>
              ) : (
                <span className="hint choice-hint">{t(`forms24:visibility.hint.${a}`)}</span>
              )}
            </span>
          </label>
        ))}
      </fieldset>
      <details className="share-box" open={open} id="share-box">
        <summary>{t("forum:audience.sharedLabel")}</summary>
        <fieldset id="f-sharedOrgIds" className={e.sharedOrgIds ? "field-invalid" : undefined} aria-describedby={e.sharedOrgIds ? "f-shared-hint f-shared-error" : "f-shared-hint"}>
          <legend>{t("forum:audience.sharedLabel")}</legend>
          <p className="hint" id="f-shared-hint">{t("forum:audience.sharedHint")}</p>
          {e.sharedOrgIds ? <p className="field-error" id="f-shared-error">{msg(t, e.sharedOrgIds)}</p> : null}
          <div className="share-grid">
            {others.map((o) => (
              <label key={o.id} className="choice">
                <input type="checkbox" name="sharedOrgIds" value={o.id} defaultChecked={shared.includes(o.id)} />
                <span>{o.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </details>
    </>
  );
}
