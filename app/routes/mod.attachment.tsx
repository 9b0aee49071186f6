import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { attachmentForModeration, hideAttachment, redactAttachment } from "~/attachments/attachments.server";
import { attachmentModAction, Hidden, ReasonField } from "~/attachments/components/attachment-moderation";
import { formatBytes } from "~/attachments/view";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues } from "~/lib/forms.server";
import { badRequest, notFound } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { withNotice } from "~/moderation/http.server";
import href from "~/styles/moderation.css";

// One file's moderation (issue 12): hide with a reason, show again, redact after a confirm step.
// The thread, reply and case pages post here (app/attachments/components/attachment-moderation.tsx);
// the domain asks the policy, and anyone who is not the parent's moderator gets 404.

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Moderera bilaga · Allmänning" }];

const PUBLIC_ID = /^[A-Za-z0-9_-]{8,40}$/;
const schema = z.object({
  intent: z.enum(["hide", "restore", "redact"]),
  publicId: z.string().regex(PUBLIC_ID),
  reason: z.string().trim().optional().default(""),
  confirm: z.string().optional(),
  redirectTo: z.string().optional(),
});
const NOTICE = { hide: "hidden", restore: "restored", redact: "redacted" } as const;

/** The parent's moderators: the file, its state and the confirm-redaction form; anyone else 404. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const publicId = url.searchParams.get("a") ?? "";
  if (!context.viewer || !PUBLIC_ID.test(publicId)) notFound();
  const found = await attachmentForModeration(domainCtx(context), publicId);
  if (!found) notFound();
  return json({ attachment: found.attachment, back: safeRedirect(url.searchParams.get("redirectTo"), "/") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const values = formValues(form);
  const parsed = schema.safeParse(values);
  // No such file, no right to it, or nothing sensible asked: all look the same.
  if (!context.viewer || !parsed.success) notFound();
  const a = parsed.data;
  const ctx = domainCtx(context);
  const reasonError = (key: string) => badRequest({ step: "form" as const, errors: { reason: [{ key }] }, values });
  const badReason = a.intent === "restore" ? null : a.reason.length > 500 ? "reasonTooLong" : !a.reason ? "reasonRequired" : null;
  // Redaction cannot be undone: the first post only shows the confirm step.
  const confirmFirst = a.intent === "redact" && a.confirm !== "1";
  if (badReason || confirmFirst) {
    // Only the file's moderators learn that their form needs more (anyone else: 404).
    if (!(await attachmentForModeration(ctx, a.publicId))) notFound();
    if (badReason) return reasonError(`attachments:moderation.errors.${badReason}`);
    return json({ step: "confirm" as const, errors: {}, values });
  }
  const r = a.intent === "redact" ? await redactAttachment(ctx, a.publicId, a.reason) : await hideAttachment(ctx, a.publicId, a.intent === "hide" ? a.reason : null);
  if (!r.ok && r.error === "invalid") return reasonError("attachments:moderation.errors.reasonRequired");
  if (!r.ok) notFound();
  const back = safeRedirect(a.redirectTo, "/");
  const to = a.intent === "redact" || back.includes("#") ? back : `${back}#att-mod-${a.publicId}`;
  return redirect(withNotice(to, NOTICE[a.intent], `attachment-${a.publicId}`), 303);
}

export default function ModAttachment() {
  const { t, i18n } = useTranslation("attachments");
  const { t: tc } = useTranslation();
  const { attachment: a, back } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { values?: Record<string, string>; errors?: Record<string, { key: string }[]> } | undefined;
  const values = data?.values ?? {};
  const errors = data?.errors ?? {};
  const reasonError = errors.reason?.map((e) => tc(e.key)).join(" ");
  const redactError = values.intent === "redact" ? reasonError : undefined;
  const hideError = values.intent === "hide" ? reasonError : undefined;
  const name = a.title || a.filename;
  const action = attachmentModAction(a.publicId, back);
  return (
    <div className="page narrow">
      <h1>{t("moderation.title")}</h1>
      <p>{t("moderation.file", { name: a.filename, size: formatBytes(a.size, i18n.language) })}</p>
      {a.hidden ? <p className="notice">{t("moderation.hiddenNow")}</p> : null}
      {reasonError ? (
        <div className="error-summary" role="alert">
          <p>{reasonError}</p>
        </div>
      ) : null}
      <section aria-labelledby="att-confirm-h" className="mod-panel">
        <h2 id="att-confirm-h">{t("moderation.confirmTitle", { name })}</h2>
        <p>{t("moderation.confirmText")}</p>
        <Form method="post" action={action} className="mod-action">
          <Hidden intent="redact" publicId={a.publicId} redirectTo={back} />
          <input type="hidden" name="confirm" value="1" />
          <ReasonField id="att-redact-reason" defaultValue={values.intent === "redact" ? values.reason : ""} error={redactError} />
          <button type="submit" className="button button-danger">{t("moderation.confirm")}</button>
        </Form>
      </section>
      <section className="mod-panel" aria-label={a.hidden ? t("moderation.restore") : t("moderation.hide")}>
        {a.hidden ? (
          <Form method="post" action={action} className="mod-action">
            <Hidden intent="restore" publicId={a.publicId} redirectTo={back} />
            <button type="submit" className="button button-secondary">{t("moderation.restore")}</button>
          </Form>
        ) : (
          <Form method="post" action={action} className="mod-action">
            <Hidden intent="hide" publicId={a.publicId} redirectTo={back} />
            <ReasonField id="att-hide-reason" defaultValue={values.intent === "hide" ? values.reason : ""} error={hideError} />
            <button type="submit" className="button button-secondary">{t("moderation.hide")}</button>
          </Form>
        )}
      </section>
      <p><Link to={back}>{t("moderation.cancel")}</Link></p>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
