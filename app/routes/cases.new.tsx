import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { caseFormOptions, saveCase } from "~/cases/cases.server";
import { CaseForm } from "~/cases/components/case-form";
import { todayIn } from "~/cases/dates";
import { CASE_ARRAY_FIELDS, caseFormSchema } from "~/cases/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest, requireViewer } from "~/lib/http.server";
import casesCss from "~/styles/cases.css";
import { bodyRefused, readBody } from "~/lib/body.server";
import { SimilarQuestions } from "~/search/components/similar-questions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesCss }];
export const meta: MetaFunction = () => [{ title: "Ny fallstudie · Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const options = await caseFormOptions(ctx);
  const v = context.viewer;
  const defaults = { org_id: options.writable[0]?.id ?? "", visibility: "network", language: context.locale, last_updated: todayIn(ctx.now), contact_email: v.email };
  return json({ options, defaults, submission: newSubmissionToken() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.viewer) throw redirect("/login?redirectTo=/cases/new");
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(caseFormSchema, form, CASE_ARRAY_FIELDS);
  if (!parsed.ok) return badRequest(parsed);
  const res = await saveCase(domainCtx(context), parsed.data, undefined, { submission: submissionTokenFrom(form) });
  if (!res) throw new Response("Not Found", { status: 404 });
  if (!res.ok) return badRequest({ ok: false as const, errors: res.errors, values: formValues(form) });
  return redirect(`/cases/${res.id}-${res.slug}?${res.state === "published" ? "published" : "saved"}=1`);
}

export default function NewCase() {
  const { t } = useTranslation();
  const { options, defaults, submission } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  return (
    <div className="page case-edit">
      <h1>{t("cases:newTitle")}</h1>
      {options.writable.length === 0 ? (
        <p className="notice">{t("cases:noWritableOrg")}</p>
      ) : (
        <>
          <SimilarQuestions inputId="f-title" />
          <CaseForm values={failure?.values ?? defaults} errors={failure?.errors} options={options} published={false} pending={pending} failed={Boolean(failure)} submission={submission} />
        </>
      )}
    </div>
  );
}
