import { SubmissionField } from "~/lib/ui/submission-field";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/lib/forms.server";
import { ErrorSummary, Field, RequiredLegend, SubmitButton, type Requirement } from "~/lib/ui/field";
import { DraftKeeper } from "~/lib/ui/draft-keeper";
import { useEffect, useState } from "react";
import { ALWAYS_REQUIRED, PUBLISH_REQUIRED } from "../form-guide";
import { CaseFormGuide } from "./case-form-guide";
import { levelName, useChosenOrgName } from "../../lib/ui/visibility-badge";
import { AREAS, EVALUATED, EXTRA_ROWS, LANGUAGES, LIMITS, RISKS, STATUSES, TECHNIQUES, VISIBILITY_CHOICES } from "../constants";
import type { OrgRef } from "../types";
import { ChoiceGroup, ErrorText, SelectField } from "./inputs";

type Values = Record<string, string | string[] | undefined>;
export type CaseFormOptions = {
  writable: OrgRef[];
  organisations: OrgRef[];
  tags: { id: string; slug: string; nameSv: string; nameEn: string; area: string }[];
};

const str = (v: Values, k: string) => (Array.isArray(v[k]) ? String((v[k] as string[])[0] ?? "") : String(v[k] ?? ""));
const arr = (v: Values, k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : v[k] ? [String(v[k])] : []);

// Field name → its label key under cases:fields, in the form's order (for the error summary).
const LABELS: [string, string][] = [
  ["title", "title"], ["summary", "summary"], ["area", "area"], ["techniques", "techniques"], ["tool", "tool"], ["status", "status"],
  ["start_date", "startDate"], ["last_updated", "lastUpdated"], ["review_by", "reviewBy"], ["language", "language"],
  ["org_id", "org"], ["department", "department"], ["partner_org_ids", "partners"], ["suppliers", "suppliers"],
  ["problem", "problem"], ["approach", "approach"], ["outcomes", "outcomes"], ["figure_", "figureRow"],
  ["evaluated", "evaluated"], ["evaluation_method", "evaluationMethod"], ["lessons", "lessons"],
  ["personal_data", "personalData"], ["dpia_done", "dpiaDone"], ["ai_act_risk", "aiActRisk"], ["info_classification", "infoClassification"],
  ["human_oversight", "humanOversight"], ["data_used", "dataUsed"], ["reuse_needs", "reuseNeeds"],
  ["contact_email", "contactEmail"], ["functional_mailbox", "functionalMailbox"], ["tag_ids", "tags"], ["link_", "linkRow"],
  ["visibility", "visibility"], ["shared_org_ids", "sharedWith"],
];

/** The case form's error summary, every error linked to its field; the page renders it first. */
export function CaseErrorSummary({ failed, errors }: { failed: boolean; errors?: FieldErrors }) {
  const { t } = useTranslation();
  const labels: Record<string, string> = {};
  for (const [name, key] of LABELS) {
    if (!name.endsWith("_")) labels[name] = t(`cases:fields.${key}`);
    else for (let i = 0; i < LIMITS.rows; i++) labels[`${name}${i}`] = t(`cases:fields.${key}`, { n: i + 1 });
  }
  labels.files = t("files:section");
  return <ErrorSummary show={failed} errors={errors} labels={labels} />;
}

export const CASE_FORM_ID = "case-form";

/** The whole case form: one page, parts in reading order with a guide, works without JavaScript. */
export function CaseForm({ values, errors, options, published, pending, failed, submission, files, draftKey }: { values: Values; errors?: FieldErrors; options: CaseFormOptions; published: boolean; pending: boolean; failed: boolean; submission?: string | null; files?: ReactNode; draftKey: string }) {
  const { t, i18n } = useTranslation();
  const e = errors ?? {};
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // Choosing "my organisation and chosen organisations" brings its picker (right below) into view.
  useEffect(() => {
    const form = document.getElementById(CASE_FORM_ID);
    const onChange = (ev: Event) => {
      const el = ev.target as HTMLInputElement;
      if (el.name === "visibility" && el.value === "shared" && el.checked) document.getElementById("f-shared_org_ids")?.scrollIntoView({ block: "nearest" });
    };
    form?.addEventListener("change", onChange);
    return () => form?.removeEventListener("change", onChange);
  }, []);
  // What each field's mark says: always needed, or needed to publish (then required outright
  // once the case is published, since every save of a published case must pass).
  const req = (name: string): Requirement | null => (ALWAYS_REQUIRED.includes(name) ? "required" : PUBLISH_REQUIRED.includes(name) ? (published ? "required" : "publish") : null);
  const opts = (prefix: string, list: readonly string[]) => list.map((v) => ({ value: v, label: t(`cases:${prefix}.${v}`) }));
  const yesNo = [{ value: "yes", label: t("cases:yes") }, { value: "no", label: t("cases:no") }];
  const orgOptions = options.organisations.map((o) => ({ value: o.id, label: o.name }));
  // The visibility choices name the case's organisation, as its badge will.
  const orgName = useChosenOrgName("f-org_id", options.writable, t("forms24:visibility.yourOrg"));
  const text = (name: string, key: string, o: { multiline?: boolean; max?: number; hint?: string; rows?: number; type?: string } = {}) => (
    <Field name={name} label={t(`cases:fields.${key}`)} hint={o.hint} errors={e[name]} defaultValue={str(values, name)} multiline={o.multiline} rows={o.rows ?? 6} maxLength={o.max} type={o.type} requirement={req(name)} strict={published} />
  );
  const figureRows = Math.min(Math.max(arr(values, "figure_label").length, 0) + EXTRA_ROWS, LIMITS.rows);
  const linkRows = Math.min(Math.max(arr(values, "link_url").length, 0) + EXTRA_ROWS, LIMITS.rows);
  const tagName = (tg: CaseFormOptions["tags"][number]) => (i18n.language === "en" ? tg.nameEn : tg.nameSv);

  return (
    <>
    <RequiredLegend publish={!published} />
    <CaseFormGuide formId={CASE_FORM_ID} values={values} errors={failed ? e : undefined} />
    {hydrated ? <DraftKeeper formId={CASE_FORM_ID} storageKey={draftKey} /> : published ? null : <p className="hint">{t("forms:draft.noJs")}</p>}
    <Form method="post" id={CASE_FORM_ID} className="stack case-form" noValidate encType={files ? "multipart/form-data" : undefined}>
      <SubmissionField token={submission} />

      <section aria-labelledby="s-basics">
        <h2 id="s-basics">{t("cases:sections.basics")}</h2>
        {text("title", "title", { max: LIMITS.title })}
        {text("summary", "summary", { multiline: true, rows: 3, max: LIMITS.summary, hint: t("cases:hints.summary") })}
        <SelectField name="area" requirement={req("area")} label={t("cases:fields.area")} options={opts("area", AREAS)} value={str(values, "area")} errors={e.area} placeholder={t("cases:choose")} />
        <ChoiceGroup name="techniques" requirement={req("techniques")} legend={t("cases:fields.techniques")} hint={t("cases:hints.techniques")} options={opts("technique", TECHNIQUES)} values={arr(values, "techniques")} errors={e.techniques} multiple className="columns" />
        {text("tool", "tool", { max: LIMITS.short })}
        <SelectField name="status" requirement={req("status")} label={t("cases:fields.status")} options={opts("status", STATUSES)} value={str(values, "status")} errors={e.status} placeholder={t("cases:choose")} />
        <div className="case-dates">
          {text("start_date", "startDate", { type: "date" })}
          {text("last_updated", "lastUpdated", { type: "date" })}
          {text("review_by", "reviewBy", { type: "date", hint: t("cases:hints.reviewBy") })}
        </div>
        <SelectField name="language" label={t("cases:fields.language")} options={LANGUAGES.map((l) => ({ value: l, label: t(`cases:lang.${l}`) }))} value={str(values, "language") || "sv"} />
      </section>

      <section aria-labelledby="s-org">
        <h2 id="s-org">{t("cases:sections.organisation")}</h2>
        <SelectField name="org_id" requirement={req("org_id")} label={t("cases:fields.org")} options={options.writable.map((o) => ({ value: o.id, label: o.name }))} value={str(values, "org_id")} errors={e.org_id} />
        {text("department", "department", { max: LIMITS.short })}
        <ChoiceGroup name="partner_org_ids" requirement={req("partner_org_ids")} legend={t("cases:fields.partners")} options={orgOptions} values={arr(values, "partner_org_ids")} errors={e.partner_org_ids} multiple className="columns" />
        {text("suppliers", "suppliers", { max: LIMITS.suppliers, hint: t("cases:hints.suppliers") })}
      </section>

      <section aria-labelledby="s-what">
        <h2 id="s-what">{t("cases:sections.what")}</h2>
        {text("problem", "problem", { multiline: true, max: LIMITS.long })}
        {text("approach", "approach", { multiline: true, max: LIMITS.long })}
      </section>

      <section aria-labelledby="s-outcomes">
        <h2 id="s-outcomes">{t("cases:sections.outcomes")}</h2>
        {text("outcomes", "outcomes", { multiline: true, max: LIMITS.long })}
        <fieldset className="field">
          <legend>{t("cases:fields.figures")}</legend>
          <p className="hint">{t("cases:hints.figures")}</p>
          {Array.from({ length: figureRows }, (_, i) => (
            <fieldset key={i} id={`f-figure_${i}`} className={`row-group${e[`figure_${i}`] ? " field-invalid" : ""}`} aria-describedby={e[`figure_${i}`] ? `f-figure_${i}-error` : undefined}>
              <legend className="visually-hidden">{t("cases:fields.figureRow", { n: i + 1 })}</legend>
              <ErrorText id={`f-figure_${i}-error`} errors={e[`figure_${i}`]} />
              <div className="row-inputs">
                <label>{t("cases:fields.figureLabel")}<input name="figure_label" defaultValue={arr(values, "figure_label")[i] ?? ""} maxLength={LIMITS.figureLabel} /></label>
                <label>{t("cases:fields.figureValue")}<input name="figure_value" inputMode="decimal" defaultValue={arr(values, "figure_value")[i] ?? ""} /></label>
                <label>{t("cases:fields.figureUnit")}<input name="figure_unit" defaultValue={arr(values, "figure_unit")[i] ?? ""} maxLength={LIMITS.figureUnit} /></label>
              </div>
            </fieldset>
          ))}
        </fieldset>
      </section>

      <section aria-labelledby="s-eval">
        <h2 id="s-eval">{t("cases:sections.evaluation")}</h2>
        <ChoiceGroup name="evaluated" requirement={req("evaluated")} legend={t("cases:fields.evaluated")} options={opts("evaluated", EVALUATED)} values={arr(values, "evaluated")} errors={e.evaluated} />
        {text("evaluation_method", "evaluationMethod", { multiline: true, rows: 3, max: LIMITS.medium })}
        {text("lessons", "lessons", { multiline: true, max: LIMITS.long })}
      </section>

      <section aria-labelledby="s-legal">
        <h2 id="s-legal">{t("cases:sections.legal")}</h2>
        <ChoiceGroup name="personal_data" requirement={req("personal_data")} legend={t("cases:fields.personalData")} options={yesNo} values={arr(values, "personal_data")} errors={e.personal_data} />
        <ChoiceGroup name="dpia_done" requirement={req("dpia_done")} legend={t("cases:fields.dpiaDone")} options={yesNo} values={arr(values, "dpia_done")} errors={e.dpia_done} />
        <SelectField name="ai_act_risk" requirement={req("ai_act_risk")} label={t("cases:fields.aiActRisk")} options={opts("risk", RISKS)} value={str(values, "ai_act_risk")} errors={e.ai_act_risk} placeholder={t("cases:choose")} />
        {text("info_classification", "infoClassification", { max: LIMITS.short })}
        {text("human_oversight", "humanOversight", { multiline: true, rows: 3, max: LIMITS.medium, hint: t("cases:hints.humanOversight") })}
        {text("data_used", "dataUsed", { multiline: true, rows: 3, max: LIMITS.medium })}
      </section>

      <section aria-labelledby="s-reuse">
        <h2 id="s-reuse">{t("cases:sections.reuse")}</h2>
        {text("reuse_needs", "reuseNeeds", { multiline: true, max: LIMITS.long, hint: t("cases:hints.reuseNeeds") })}
      </section>

      <section aria-labelledby="s-contact">
        <h2 id="s-contact">{t("cases:sections.contact")}</h2>
        {text("contact_email", "contactEmail", { type: "email", hint: t("cases:hints.contactEmail") })}
        {text("functional_mailbox", "functionalMailbox", { type: "email", hint: t("cases:hints.functionalMailbox") })}
        {options.tags.length ? (
          <ChoiceGroup name="tag_ids" requirement={req("tag_ids")} legend={t("cases:fields.tags")} options={options.tags.map((tg) => ({ value: tg.id, label: tagName(tg) }))} values={arr(values, "tag_ids")} errors={e.tag_ids} multiple className="columns" />
        ) : null}
        <fieldset className="field">
          <legend>{t("cases:fields.links")}</legend>
          <p className="hint">{t("cases:hints.links")}</p>
          {Array.from({ length: linkRows }, (_, i) => (
            <fieldset key={i} id={`f-link_${i}`} className={`row-group${e[`link_${i}`] ? " field-invalid" : ""}`} aria-describedby={e[`link_${i}`] ? `f-link_${i}-error` : undefined}>
              <legend className="visually-hidden">{t("cases:fields.linkRow", { n: i + 1 })}</legend>
              <ErrorText id={`f-link_${i}-error`} errors={e[`link_${i}`]} />
              <div className="row-inputs links">
                <label>{t("cases:fields.linkLabel")}<input name="link_label" defaultValue={arr(values, "link_label")[i] ?? ""} maxLength={LIMITS.linkLabel} /></label>
                <label>{t("cases:fields.linkUrl")}<input name="link_url" type="url" defaultValue={arr(values, "link_url")[i] ?? ""} /></label>
              </div>
            </fieldset>
          ))}
        </fieldset>
      </section>

      <section aria-labelledby="s-sharing">
        <h2 id="s-sharing">{t("cases:sections.sharing")}</h2>
        <ChoiceGroup name="visibility" requirement={req("visibility")} legend={t("cases:fields.visibility")} options={VISIBILITY_CHOICES.map((v) => ({ value: v, label: levelName(t, v === "shared" ? "chosen" : v, orgName), hint: v === "shared" ? t("forms:picker.caseHint") : t(`forms24:visibility.hint.${v}`) }))} values={[str(values, "visibility") || "network"]} errors={e.visibility} />
        <ChoiceGroup name="shared_org_ids" requirement={req("shared_org_ids")} legend={t("cases:fields.sharedWith")} options={orgOptions} values={arr(values, "shared_org_ids")} errors={e.shared_org_ids} multiple className="columns" />
      </section>

      {files ? <section aria-labelledby="s-files"><h2 id="s-files">{t("files:section")}</h2>{files}</section> : null}

      <div className="actions">
        {published ? (
          <SubmitButton pending={pending} name="intent" value="publish">{t("cases:saveChanges")}</SubmitButton>
        ) : (
          <>
            <SubmitButton pending={pending} name="intent" value="save" className="button button-secondary">{t("cases:saveDraft")}</SubmitButton>
            <SubmitButton pending={pending} name="intent" value="publish">{t("cases:publish")}</SubmitButton>
          </>
        )}
      </div>
    </Form>
    </>
  );
}
