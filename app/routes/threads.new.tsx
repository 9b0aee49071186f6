import { AttachmentFields, type FileFieldState } from "~/attachments/components/attachment-fields";
import { attachmentInput, filesRefused, formLimits, pendingViews, readFormWithFiles } from "~/attachments/form.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { MentionConfirm } from "~/notifications/components/mention-confirm";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MarkdownField } from "~/forum/components/markdown-field";
import { createThreadSchema } from "~/forum/schemas";
import { threadPath } from "~/forum/slug";
import { createThread } from "~/forum/threads.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { badRequest, requireViewer } from "~/lib/http.server";
import { ErrorSummary, Field, RequiredLegend, RequiredMark, SubmitButton } from "~/lib/ui/field";
import { TagInput } from "~/forum/components/tag-input";
import { AudiencePicker } from "~/forum/components/audience-picker";
import { SubmissionField } from "~/lib/ui/submission-field";
import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import { listOrganisations } from "~/orgs/orgs.server";
import { canChooseVisibility, orgIdsOf } from "~/policy";
import forumCss from "~/styles/forum.css";
import attachmentsCss from "~/styles/attachments.css";
import { questionAskedAfterSearch } from "~/insights/search-log.server";
import { SimilarQuestions } from "~/search/components/similar-questions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumCss }, { rel: "stylesheet", href: attachmentsCss }];
export const meta: MetaFunction = () => [{ title: "Ny tråd · Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const v = context.viewer;
  requireViewer(request, v);
  const orgs = await listOrganisations(domainCtx(context));
  const mine = orgIdsOf(v);
  const own = orgs.filter((o) => mine.includes(o.id)).map((o) => ({ id: o.id, name: o.name, canPublic: canChooseVisibility(v, o.id, "public") }));
  return json({
    own,
    others: orgs.map((o) => ({ id: o.id, name: o.name })),
    primaryOrgId: v.primaryOrgId ?? own[0]?.id ?? "",
    submission: newSubmissionToken(),
    fromSearch: (new URL(request.url).searchParams.get("fs") ?? "").slice(0, 40),
    fileLimits: formLimits(),
  });
}

type Failure = { ok: false; errors: FieldErrors; values: Record<string, string | string[]> } & Omit<FileFieldState, "errors">;

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  const body = await readFormWithFiles(ctx, request);
  if (!body.ok) return filesRefused(body);
  const form = body.form;
  const files = async () => ({ pendingFiles: await pendingViews(ctx, form), fileErrors: body.fileErrors, titles: attachmentInput(form).titles });
  const parsed = parseForm(createThreadSchema, form, ["sharedOrgIds"]);
  if (!parsed.ok) return badRequest<Failure>({ ...parsed, ...(await files()) });
  if (body.fileErrors.length) return badRequest<Failure>({ ok: false, errors: {}, values: formValues(form), ...(await files()) });
  const r = await createThread(ctx, parsed.data, { submission: submissionTokenFrom(form), confirmMentions: form.get("confirmMentions") === "1", attachments: attachmentInput(form) });
  if (!r.ok) return badRequest<Failure>({ ok: false, errors: r.errors, values: formValues(form), ...(await files()) });
  if (parsed.data.kind === "question") await questionAskedAfterSearch(ctx, String(form.get("fromSearch") ?? ""));
  return redirect(threadPath(r), 303);
}

export default function NewThread() {
  const { t } = useTranslation();
  const { own, others, primaryOrgId, submission, fromSearch, fileLimits } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const pending = useNavigation().state === "submitting";
  const v = failure?.values ?? {};
  const e = failure?.errors ?? {};
  const kind = String(v.kind ?? "question");
  const audience = String(v.audience ?? "network");
  const shared = ([] as string[]).concat(v.sharedOrgIds ?? []);
  const anyPublic = own.some((o) => o.canPublic);
  if (own.length === 0) {
    return (
      <div className="page narrow">
        <h1>{t("forum:new.title")}</h1>
        <p className="notice">{t("forum:new.noMembership")}</p>
      </div>
    );
  }
  const labels = {
    title: t("forum:new.titleLabel"), body: t("forum:new.body"), files: t("files:section"), tags: t("forum:new.tags"),
    orgId: t("forum:new.org"), audience: t("forum:audience.label"), sharedOrgIds: t("forum:audience.sharedLabel"),
  };
  return (
    <div className="page prose">
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors} labels={labels} />
      <h1>{t("forum:new.title")}</h1>
      <RequiredLegend />
      <Form method="post" className="stack" noValidate encType="multipart/form-data">
        <SubmissionField token={submission} />
        {fromSearch || v.fromSearch ? <input type="hidden" name="fromSearch" value={String(v.fromSearch ?? fromSearch)} /> : null}
        <fieldset>
          <legend>{t("forum:new.kind")}</legend>
          {(["question", "discussion"] as const).map((k) => (
            <label key={k} className="choice">
              <input type="radio" name="kind" value={k} defaultChecked={kind === k} />
              <span>{t(`forum:kind.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field name="title" label={t("forum:new.titleLabel")} hint={t("forum:new.titleHint")} maxLength={150} required defaultValue={String(v.title ?? "")} errors={e.title} />
        <SimilarQuestions inputId="f-title" />
        <MarkdownField name="body" label={t("forum:new.body")} hint={t("forum:new.bodyHint")} defaultValue={String(v.body ?? "")} errors={e.body} required />
        <MentionConfirm errors={failure?.errors} />
        <AttachmentFields limits={fileLimits} pendingFiles={failure?.pendingFiles} fileErrors={failure?.fileErrors} errors={e.files} />
        <TagInput name="tags" label={t("forum:new.tags")} hint={t("forum:new.tagsHint")} required defaultValue={String(([] as string[]).concat(v.tags ?? []).join(", "))} errors={e.tags} />
        <p className="meta"><Link to="/tags" target="_blank">{t("forum:new.tagsLink")}</Link></p>
        <div className={`field${e.orgId ? " field-invalid" : ""}`}>
          <label htmlFor="f-orgId">{t("forum:new.org")}<RequiredMark kind="required" /></label>
          <p className="hint" id="f-orgId-hint">{t("forum:new.orgHint")}</p>
          {e.orgId ? <p className="field-error" id="f-orgId-error">{e.orgId.map((x) => t(x.key, x.params as Record<string, string>)).join(" ")}</p> : null}
          <select id="f-orgId" name="orgId" defaultValue={String(v.orgId ?? primaryOrgId)} aria-describedby={`f-orgId-hint${e.orgId ? " f-orgId-error" : ""}`} aria-invalid={Boolean(e.orgId) || undefined} required aria-required>
            {own.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </div>
        <AudiencePicker audience={audience} anyPublic={anyPublic} own={own} others={others} shared={shared} errors={e} />
        <SubmitButton pending={pending}>{t("forum:new.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
