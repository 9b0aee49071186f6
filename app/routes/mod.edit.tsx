import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { notFound, requireViewer } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { itemForEdit } from "~/moderation/access.server";
import { TARGET_TYPES, type TargetType } from "~/moderation/types";
import href from "~/styles/moderation.css";
import attachmentsCss from "~/styles/attachments.css";
import { attachmentsOf } from "~/attachments/attachments.server";
import { AttachmentFields } from "~/attachments/components/attachment-fields";
import { formLimits } from "~/attachments/form.server";
import type { AttachmentView } from "~/attachments/view";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }, { rel: "stylesheet", href: attachmentsCss }];
export const meta: MetaFunction = () => [{ title: "Redigera med motivering · Allmänning" }];
export { DeadEndBoundary as ErrorBoundary } from "~/lib/ui/dead-end";
// The form posts to its own page, so a refused edit (with or without JavaScript) comes back here
// with the error summary and what was typed; /mod/act does the work.
export { action } from "./mod.act";
import { notModerator } from "~/moderation/explain.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  requireViewer(request, context.viewer);
  const type = url.searchParams.get("targetType") as TargetType;
  if (!TARGET_TYPES.includes(type)) notFound();
  const ctx = domainCtx(context);
  const r = await itemForEdit(ctx, type, url.searchParams.get("targetId") ?? "");
  if (!r.ok) return r.error === "forbidden" ? notModerator(ctx) : notFound();
  // The item's files as the moderator may read them (hidden ones included): kept unless unticked.
  const files = (await attachmentsOf(ctx, r.value.type, [r.value.id])).get(r.value.id) ?? [];
  return json({ item: r.value, files, fileLimits: formLimits(), redirectTo: safeRedirect(url.searchParams.get("redirectTo"), r.value.href) });
}

type Failure = { ok: false; errors?: Record<string, { key: string; params?: Record<string, unknown> }[]>; values?: Record<string, string> };

/** Moderators in scope: edit a thread, post or case summary with a reason; the old text is kept. */
export default function ModEdit() {
  const { t } = useTranslation("moderation");
  const { item, files, fileLimits, redirectTo } = useLoaderData<typeof loader>();
  const failure = useActionData<Failure>();
  const pending = useNavigation().state !== "idle";
  const values = failure?.values ?? {};
  return (
    <div className="page prose">
      <h1>{t("edit.title")}</h1>
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors} labels={{ ...(item.type === "thread" ? { title: t("edit.titleField") } : {}), body: t("edit.body"), files: t("files:section"), reason: t("tools.reason") }} />
      <Form method="post" className="stack" noValidate encType="multipart/form-data">
        <input type="hidden" name="editFiles" value="1" />
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" name="targetType" value={item.type} />
        <input type="hidden" name="targetId" value={item.id} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {item.type === "case" ? <input type="hidden" name="field" value="summary" /> : null}
        {item.type === "thread" ? <Field name="title" label={t("edit.titleField")} defaultValue={values.title ?? item.title} errors={failure?.errors?.title} /> : null}
        <Field name="body" label={t("edit.body")} multiline rows={12} required defaultValue={values.body ?? item.body} errors={failure?.errors?.body} />
        <AttachmentFields limits={fileLimits} existing={files as AttachmentView[]} errors={failure?.errors?.files} />
        <Field name="reason" label={t("tools.reason")} hint={t("edit.reasonHint")} required defaultValue={values.reason ?? ""} errors={failure?.errors?.reason} />
        <SubmitButton pending={pending}>{t("edit.save")}</SubmitButton>
      </Form>
    </div>
  );
}
