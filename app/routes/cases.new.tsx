import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { caseFormOptions, saveCase } from "~/cases/cases.server";
import { CaseErrorSummary, CaseForm } from "~/cases/components/case-form";
import { todayIn } from "~/cases/dates";
import { CASE_ARRAY_FIELDS, caseFormSchema } from "~/cases/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest, requireViewer } from "~/lib/http.server";
import casesCss from "~/styles/cases.css";
import attachmentsCss from "~/styles/attachments.css";
import { SimilarQuestions } from "~/search/components/similar-questions";
import { AttachmentFields, type FileFieldState } from "~/attachments/components/attachment-fields";
import { attachmentInput, filesRefused, formLimits, pendingViews, readFormWithFiles } from "~/attachments/form.server";
import type { FieldErrors } from "~/lib/forms.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesCss }, { rel: "stylesheet", href: attachmentsCss }];
export const meta: MetaFunction = () => [{ title: "Ny fallstudie · Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const options = await caseFormOptions(ctx);
  const v = context.viewer;
  const defaults = { org_id: options.writable[0]?.id ?? "", visibility: "network", language: context.locale, last_updated: todayIn(ctx.now), contact_email: v.email };
  return json({ options, defaults, submission: newSubmissionToken(), fileLimits: formLimits(), draftKey: `allmanning:case-draft:${v.id}:new` });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.viewer) throw redirect("/login?redirectTo=/cases/new");
  const ctx = domainCtx(context);
  const body = await readFormWithFiles(ctx, request);
  if (!body.ok) return filesRefused(body);
  const form = body.form;
  const files = async () => ({ pendingFiles: await pendingViews(ctx, form), fileErrors: body.fileErrors, titles: attachmentInput(form).titles });
  const parsed = parseForm(caseFormSchema, form, CASE_ARRAY_FIELDS);
  if (!parsed.ok) return badRequest({ ...parsed, ...(await files()) });
  if (body.fileErrors.length) return badRequest({ ok: false as const, errors: {}, values: formValues(form), ...(await files()) });
  const res = await saveCase(ctx, parsed.data, undefined, { submission: submissionTokenFrom(form), attachments: attachmentInput(form) });
  if (!res) throw new Response("Not Found", { status: 404 });
  if (!res.ok) return badRequest({ ok: false as const, errors: res.errors, values: formValues(form), ...(await files()) });
  return redirect(`/cases/${res.id}-${res.slug}?${res.state === "published" ? "published" : "saved"}=1`);
}

export default function NewCase() {
  const { t } = useTranslation();
  const { options, defaults, submission, fileLimits, draftKey } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as ({ values: Record<string, string | string[]>; errors?: FieldErrors } & Omit<FileFieldState, "errors">) | undefined;
  const pending = useNavigation().state === "submitting";
  return (
    <div className="page case-edit">
      <CaseErrorSummary failed={Boolean(failure)} errors={failure?.errors} />
      <h1>{t("cases:newTitle")}</h1>
      {options.writable.length === 0 ? (
        <p className="notice">{t("cases:noWritableOrg")}</p>
      ) : (
        <>
          <SimilarQuestions inputId="f-title" />
          <CaseForm values={failure?.values ?? defaults} errors={failure?.errors} options={options} published={false} pending={pending} failed={Boolean(failure)} submission={submission} draftKey={draftKey}
            files={<AttachmentFields withTitles headed limits={fileLimits} pendingFiles={failure?.pendingFiles} fileErrors={failure?.fileErrors} titles={failure?.titles} errors={failure?.errors?.files} />} />
        </>
      )}
    </div>
  );
}
