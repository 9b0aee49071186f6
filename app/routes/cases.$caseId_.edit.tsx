import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { caseFormOptions, getCaseForEdit, saveCase } from "~/cases/cases.server";
import { CaseErrorSummary, CaseForm } from "~/cases/components/case-form";
import { CASE_ARRAY_FIELDS, caseFormSchema } from "~/cases/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest, idFromParam, notFound } from "~/lib/http.server";
import casesCss from "~/styles/cases.css";
import attachmentsCss from "~/styles/attachments.css";
import { attachmentsOf } from "~/attachments/attachments.server";
import { AttachmentFields, type FileFieldState } from "~/attachments/components/attachment-fields";
import { attachmentInput, filesRefused, formLimits, pendingViews, readFormWithFiles } from "~/attachments/form.server";
import type { FieldErrors } from "~/lib/forms.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesCss }, { rel: "stylesheet", href: attachmentsCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.title ?? ""} · Allmänning` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = idFromParam(params.caseId);
  const ctx = domainCtx(context);
  const found = await getCaseForEdit(ctx, id);
  if (!found) notFound();
  const options = await caseFormOptions(ctx, found.detail.org.id);
  const files = (await attachmentsOf(ctx, "case", [id])).get(id) ?? [];
  return json({ detail: { id: found.detail.id, slug: found.detail.slug, title: found.detail.title, state: found.detail.state }, values: found.values, options, files, fileLimits: formLimits(), draftKey: `allmanning:case-draft:${context.viewer?.id ?? ""}:${id}` });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = idFromParam(params.caseId);
  const ctx = domainCtx(context);
  const body = await readFormWithFiles(ctx, request);
  if (!body.ok) return filesRefused(body);
  const form = body.form;
  // After an error the form shows again what was ticked, uploaded and titled.
  const input = attachmentInput(form);
  const files = async () => ({ pendingFiles: await pendingViews(ctx, form), fileErrors: body.fileErrors, titles: input.titles, kept: input.keep });
  const parsed = parseForm(caseFormSchema, form, CASE_ARRAY_FIELDS);
  if (!parsed.ok) return badRequest({ ...parsed, ...(await files()) });
  if (body.fileErrors.length) return badRequest({ ok: false as const, errors: {}, values: formValues(form), ...(await files()) });
  const res = await saveCase(ctx, parsed.data, id, { attachments: input });
  if (!res) notFound();
  if (!res.ok) return badRequest({ ok: false as const, errors: res.errors, values: formValues(form), ...(await files()) });
  return redirect(`/cases/${res.id}-${res.slug}?${res.state === "published" ? "published" : "saved"}=1`);
}

export default function EditCase() {
  const { t } = useTranslation();
  const { detail, values, options, files, fileLimits, draftKey } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as ({ values: Record<string, string | string[]>; errors?: FieldErrors; kept?: string[] } & Omit<FileFieldState, "errors">) | undefined;
  const pending = useNavigation().state === "submitting";
  return (
    <div className="page case-edit">
      <CaseErrorSummary failed={Boolean(failure)} errors={failure?.errors} />
      <p className="eyebrow"><Link to={`/cases/${detail.id}-${detail.slug}`}>{detail.title}</Link></p>
      <h1>{t("cases:editTitle")}</h1>
      <CaseForm values={failure?.values ?? values} errors={failure?.errors} options={options} published={detail.state === "published"} pending={pending} failed={Boolean(failure)} draftKey={draftKey}
        files={<AttachmentFields withTitles headed limits={fileLimits} existing={files} kept={failure?.kept} pendingFiles={failure?.pendingFiles} fileErrors={failure?.fileErrors} titles={failure?.titles} errors={failure?.errors?.files} />} />
    </div>
  );
}
