import type { ActionFunctionArgs, LinksFunction, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { parseForm } from "~/lib/forms.server";
import { badRequest, signInRedirect } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { moderate } from "~/moderation/actions.server";
import { ActionForm } from "~/moderation/components/action-form";
import { ErrorSummary } from "~/lib/ui/field";
import { refusal, withNotice } from "~/moderation/http.server";
import { actionSchema } from "~/moderation/schemas";
import href from "~/styles/moderation.css";
import { attachmentInput, filesRefused, readFormWithFiles } from "~/attachments/form.server";
import { unconfirmed } from "~/confirm/require.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Moderering · Allmänning" }];

// Every moderation action posts here; success goes back to the item with a notice.
export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  // The moderator's edit form may carry files (multipart); every other action is a plain form.
  const body = await readFormWithFiles(ctx, request);
  if (!body.ok) return filesRefused(body);
  const form = body.form;
  if (!context.viewer) return signInRedirect(safeRedirect(form.get("redirectTo")));
  // Gallring is irreversible: only from its confirm step (which shows what goes with it).
  const ask = form.get("intent") === "dispose" ? unconfirmed(form, "dispose", { targetType: String(form.get("targetType") ?? ""), targetId: String(form.get("targetId") ?? "") }) : null;
  if (ask) return ask;
  const parsed = parseForm(actionSchema, form);
  if (!parsed.ok) return badRequest({ ...parsed, error: "invalid" as const });
  if (body.fileErrors.length) {
    return badRequest({ ok: false as const, error: "invalid" as const, errors: { files: body.fileErrors.map((f) => ({ key: f.key, params: { name: f.name } })) }, values: Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) });
  }
  const files = form.get("editFiles") === "1" ? { ...attachmentInput(form) } : undefined;
  const result = await moderate(ctx, parsed.data, { files });
  if (!result.ok) return refusal(result.error, form, result.key);
  // After gallring the item's page no longer exists.
  const to = parsed.data.intent === "dispose" ? "/mod/gallring" : safeRedirect(parsed.data.redirectTo, "/mod/queue");
  return redirect(withNotice(to, result.value.notice, `${parsed.data.targetType}-${parsed.data.targetId}`));
}

// No redirect here: after a refused no-JavaScript post Remix renders this page with the answer.
export const loader = () => null;

/** Without JavaScript a refused action lands here: the reason, the form again, and a way back. */
export default function ModAct() {
  const { t } = useTranslation("moderation");
  const data = useActionData<typeof action>();
  const values = (data && "values" in data ? data.values : {}) as Record<string, string>;
  const back = safeRedirect(values.redirectTo, "/mod/queue");
  return (
    <div className="page narrow">
      <h1>{t("errors.title")}</h1>
      <ErrorSummary show errors={[{ key: `moderation:errors.${data && "error" in data ? data.error : "invalid"}` }]} />
      {values.intent && values.targetType && values.targetId ? (
        <ActionForm
          intent={values.intent} label={t(`tools.${intentLabel(values.intent)}`)}
          targetType={values.targetType} targetId={values.targetId} redirectTo={back}
          data={data as never}
        />
      ) : null}
      <p><Link to={back}>{t("errors.back")}</Link></p>
    </div>
  );
}

const LABELS: Record<string, string> = {
  hide: "hide", restore: "restore", lock: "lock", unlock: "unlock", pin: "pin", unpin: "unpin", retag: "retag", edit: "edit",
  redact: "redact", mark_best: "markBest", unmark_best: "unmarkBest", mark_outdated: "markOutdated", clear_outdated: "clearOutdated",
  dismiss: "dismiss", request_review: "requestReview", dispose: "dispose",
};
const intentLabel = (intent: string) => LABELS[intent] ?? "moderate";
