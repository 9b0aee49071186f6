import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { parseForm } from "~/lib/forms.server";
import { badRequest, notFound, requireViewer, signInRedirect } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { FlagForm } from "~/moderation/components/flag-form";
import { ErrorSummary } from "~/lib/ui/field";
import { FLAG_REASONS } from "~/moderation/types";
import { flagItem, flagTarget } from "~/moderation/flags.server";
import { refusal, withNotice } from "~/moderation/http.server";
import { flagSchema } from "~/moderation/schemas";
import href from "~/styles/moderation.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Flagga · Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  requireViewer(request, context.viewer);
  const targetType = url.searchParams.get("targetType") ?? "";
  const targetId = url.searchParams.get("targetId") ?? "";
  // The item in context (replies link here instead of carrying a form each); unknown or
  // unreadable items look the same: not found.
  const target = await flagTarget(domainCtx(context), targetType, targetId);
  if (!target) notFound();
  return json({ targetType, targetId, target, redirectTo: safeRedirect(url.searchParams.get("redirectTo")), submission: newSubmissionToken() });
}

// A member flags a thread, post or case; once per person per item.
export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  if (!context.viewer) return signInRedirect(safeRedirect(form.get("redirectTo")));
  const parsed = parseForm(flagSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const result = await flagItem(domainCtx(context), parsed.data, { submission: submissionTokenFrom(form) });
  if (!result.ok) return refusal(result.error, form, result.error === "duplicate" ? "moderation:errors.duplicateFlag" : undefined);
  const to = safeRedirect(parsed.data.redirectTo, "/");
  return redirect(withNotice(to, "flagReceived", `${parsed.data.targetType}-${parsed.data.targetId}`));
}

/** The standalone flag page (and where a refused flag lands without JavaScript). */
export default function Flag() {
  const { t } = useTranslation("moderation");
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const values = (data?.values ?? {}) as Record<string, string>;
  const targetType = values.targetType ?? loaded.targetType;
  const targetId = values.targetId ?? loaded.targetId;
  const back = safeRedirect(values.redirectTo ?? loaded.redirectTo);
  return (
    <div className="page narrow">
      <h1>{t("tools.flag")}</h1>
      {loaded.target ? (
        <figure className="flag-target">
          <figcaption className="meta">
            {loaded.target.type === "post" && loaded.target.postNumber !== null
              ? t("flagPage.reply", { n: loaded.target.postNumber, title: loaded.target.title, name: loaded.target.authorName })
              : t(`flagPage.${loaded.target.type}`, { title: loaded.target.title, name: loaded.target.authorName })}
          </figcaption>
          {loaded.target.excerpt ? <blockquote className="mod-excerpt">{loaded.target.excerpt}</blockquote> : null}
        </figure>
      ) : null}
      {data && !data.errors?._form ? (
        <ErrorSummary show errors={data.errors ?? {}} ids={{ reason: `flag-${targetType}-${targetId}-${FLAG_REASONS[0]}`, text: `flag-${targetType}-${targetId}-text` }} />
      ) : null}
      <FlagForm targetType={targetType} targetId={targetId} redirectTo={back} data={data as never} submission={loaded.submission} />
      <p><Link to={back}>{t("errors.back")}</Link></p>
    </div>
  );
}
