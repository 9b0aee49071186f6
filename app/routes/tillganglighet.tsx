import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { formatDate } from "~/lib/i18n/format";
import type { Locale } from "~/lib/i18n/resources";
import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { KNOWN_ISSUES } from "~/lib/ui/known-issues";
import { SubmissionField } from "~/lib/ui/submission-field";
import { accessibilityReportSchema } from "~/moderation/accessibility-schema";
import { reportAccessibilityProblem } from "~/moderation/accessibility.server";

export const meta: MetaFunction = () => [{ title: "Tillgänglighetsredogörelse · Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // ?sida= fills in the page a "report a problem" link came from (a same-site path only).
  const from = new URL(request.url).searchParams.get("sida") ?? "";
  return json({ submission: newSubmissionToken(), signedIn: Boolean(context.viewer), page: /^\/[^/\\]/.test(from) || from === "/" ? from.slice(0, 500) : "" });
}

type Failure = { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

// Anyone, signed in or not, reports a problem; it becomes an item for the network moderators.
export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { values: formValues(body.form) });
  const form = body.form;
  const parsed = parseForm(accessibilityReportSchema, form);
  if (!parsed.ok) return badRequest<Failure>(parsed);
  const r = await reportAccessibilityProblem(domainCtx(context), parsed.data, {
    ip: context.clientIp, locale: context.locale === "en" ? "en" : "sv", submission: submissionTokenFrom(form),
  });
  if (!r.ok) return json<Failure>({ ok: false, errors: r.errors, values: formValues(form) }, { status: 429 });
  return redirect("/tillganglighet?rapport=tack#rapportera", 303);
}

export default function AccessibilityStatement() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { submission, signedIn, page } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const [params] = useSearchParams();
  const nav = useNavigation();
  const values = failure?.values ?? {};
  const value = (k: string, fallback = "") => String(values[k] ?? fallback);
  const errors = failure?.errors;
  return (
    <article className="page prose a11y-statement">
      <h1>{t("a11y.title")}</h1>
      <p className="lead">{t("a11y.intro")}</p>
      <h2>{t("a11y.statusHeading")}</h2>
      <p>{t("ux:statement.status")}</p>
      <h2 id="kanda-brister">{t("a11y.knownHeading")}</h2>
      <p>{t("ux:statement.knownIntro")}</p>
      <ul className="known-issues">
        {KNOWN_ISSUES.map((k) => (
          <li key={k.id} id={`brist-${k.id}`}>
            <p>{t(`ux:known.${k.id}`)}</p>
            <p className="meta">
              {t("ux:statement.criteria", { list: k.wcag.join(", ") })} · {t("ux:statement.found", { date: formatDate(k.found, locale) })} ·{" "}
              {k.fixBy ? t("ux:statement.fixBy", { date: formatDate(k.fixBy, locale) }) : t("ux:statement.ongoing")}
            </p>
          </li>
        ))}
      </ul>
      <h2 id="rapportera" tabIndex={-1}>{t("a11y.reportHeading")}</h2>
      {params.get("rapport") === "tack" ? <p className="notice" role="status">{t("ux:report.thanks")}</p> : null}
      <p>{t("ux:report.intro")}</p>
      <Form method="post" className="stack a11y-report" noValidate aria-labelledby="rapportera">
        <SubmissionField token={submission} />
        <ErrorSummary show={Boolean(errors)} errors={errors} labels={{ description: t("ux:report.description"), page: t("ux:report.page"), name: t("ux:report.name"), email: t("ux:report.email") }} />
        <Field name="description" label={t("ux:report.description")} hint={t("ux:report.descriptionHint")} multiline rows={6} maxLength={4000} required defaultValue={value("description")} errors={errors?.description} />
        <Field name="page" label={t("ux:report.page")} hint={t("ux:report.pageHint")} maxLength={500} defaultValue={value("page", page)} errors={errors?.page} />
        {signedIn ? (
          <p className="hint">{t("ux:report.signedInContact")}</p>
        ) : (
          <fieldset>
            <legend>{t("ux:report.contactLegend")}</legend>
            <p className="hint">{t("ux:report.contactHint")}</p>
            <Field name="name" label={t("ux:report.name")} autoComplete="name" maxLength={120} defaultValue={value("name")} errors={errors?.name} />
            <Field name="email" type="email" label={t("ux:report.email")} autoComplete="email" maxLength={200} defaultValue={value("email")} errors={errors?.email} />
          </fieldset>
        )}
        <SubmitButton pending={nav.state === "submitting" && nav.formAction === "/tillganglighet"}>{t("ux:report.submit")}</SubmitButton>
      </Form>
      <p>{t("ux:report.emailAlternative")}</p>
      <h2>{t("a11y.supervisionHeading")}</h2>
      <p>{t("a11y.supervision")}</p>
      <p className="meta">{t("ux:statement.updated")}</p>
    </article>
  );
}
