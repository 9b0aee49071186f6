import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest, forbidden, notFound, requireViewer, signInRedirect } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { ErrorSummary, SubmitButton } from "~/lib/ui/field";
import { audienceText, levelName, useChosenOrgName } from "~/lib/ui/visibility-badge";
import { refusal, withNotice } from "~/moderation/http.server";
import { moveChoices, moveSchema, moveThread } from "~/moderation/move.server";
import href from "~/styles/moderation.css";

// Moving a thread to another organisation or audience (issue 16 item 7): its author and
// moderators in scope. The choice is a list of the organisations and audiences the policy allows
// this person; works without JavaScript.

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Flytta tråden · Allmänning" }];
export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const url = new URL(request.url);
  const r = await moveChoices(domainCtx(context), url.searchParams.get("targetId") ?? "");
  if (!r.ok) return r.error === "forbidden" ? forbidden() : notFound();
  return json({ ...r.value, redirectTo: safeRedirect(url.searchParams.get("redirectTo"), r.value.thread.href) });
}

type Errors = Record<string, { key: string; params?: Record<string, unknown> }[]>;

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  if (!context.viewer) return signInRedirect(safeRedirect(form.get("redirectTo")));
  const values = formValues(form);
  const parsed = parseForm(moveSchema, form);
  if (!parsed.ok) return badRequest({ ok: false as const, errors: parsed.errors as Errors, values });
  const r = await moveThread(domainCtx(context), parsed.data);
  if (!r.ok && (r.error === "invalid" || r.error === "notApplicable")) {
    return badRequest({ ok: false as const, errors: { orgId: [{ key: r.error === "invalid" ? "modtools:move.errors.notAllowed" : "modtools:move.errors.same" }] } as Errors, values });
  }
  if (!r.ok) return refusal(r.error, form);
  // The thread may now be out of the mover's own reach: back to it only if they can still read it
  // (its page answers 404 otherwise), else to the thread list.
  return redirect(withNotice(safeRedirect(parsed.data.redirectTo, r.value.href), r.value.notice, `thread-${parsed.data.targetId}`), 303);
}

export default function ModMove() {
  const { t } = useTranslation("modtools");
  const { t: tc } = useTranslation();
  const { thread, orgs, redirectTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { errors?: Errors; values?: Record<string, string> } | undefined;
  const nav = useNavigation();
  const errors = data?.errors ?? {};
  const msg = (name: string) => errors[name]?.map((e) => tc(e.key, e.params as Record<string, string>)).join(" ");
  const orgError = msg("orgId") ?? msg("_form");
  const visError = msg("visibility");
  const reasonError = msg("reason");
  const values = data?.values ?? {};
  const orgValue = values.orgId ?? thread.orgId;
  const visValue = values.visibility ?? thread.visibility;
  const allowed = new Set(orgs.flatMap((o) => o.visibilities));
  const orgName = useChosenOrgName("move-org", orgs, tc("forms24:visibility.selectedOrg"));
  return (
    <div className="page narrow">
      <h1>{t("move.title")}</h1>
      <p className="lead">{t("move.thread", { title: thread.title })}</p>
      <p>{t("move.now", { org: thread.orgName, audience: audienceText(tc, { visibility: thread.visibility, orgName: thread.orgName, sharedNames: thread.sharedNames }) })}</p>
      <ErrorSummary
        show={Boolean(orgError || visError || reasonError)}
        errors={errors}
        labels={{ orgId: t("move.org"), visibility: t("move.visibility"), reason: t("move.reason") }}
        ids={{ orgId: "move-org", visibility: "move-vis", reason: "move-reason" }}
      />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="targetId" value={thread.id} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className={`field${orgError ? " field-invalid" : ""}`}>
          <label htmlFor="move-org">{t("move.org")}</label>
          {orgError ? <p id="move-org-error" className="field-error">{orgError}</p> : null}
          <select id="move-org" name="orgId" defaultValue={orgValue} aria-invalid={orgError ? true : undefined} aria-describedby={orgError ? "move-org-error" : undefined}>
            {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </div>
        <fieldset id="move-vis" className={`field${visError ? " field-invalid" : ""}`} aria-describedby={`move-vis-hint${visError ? " move-vis-error" : ""}`}>
          <legend>{t("move.visibility")}</legend>
          <p id="move-vis-hint" className="hint">{t("move.visibilityHint")}</p>
          {visError ? <p id="move-vis-error" className="field-error">{visError}</p> : null}
          {(["organisation", "network", "public"] as const).filter((vis) => allowed.has(vis)).map((vis) => (
            <div className="choice" key={vis}>
              <input type="radio" id={`move-vis-${vis}`} name="visibility" value={vis} defaultChecked={visValue === vis} />
              <label htmlFor={`move-vis-${vis}`}>
                {levelName(tc, vis, orgName)}
                <span className="hint choice-hint">{tc(`forms24:visibility.hint.${vis}`)}</span>
              </label>
            </div>
          ))}
        </fieldset>
        <div className={`field${reasonError ? " field-invalid" : ""}`}>
          <label htmlFor="move-reason">{t("move.reason")}</label>
          <p id="move-reason-hint" className="hint">{t("move.reasonHint")}</p>
          {reasonError ? <p id="move-reason-error" className="field-error">{reasonError}</p> : null}
          <textarea id="move-reason" name="reason" rows={3} maxLength={500} defaultValue={values.reason ?? ""} aria-describedby={`move-reason-hint${reasonError ? " move-reason-error" : ""}`} />
        </div>
        <SubmitButton pending={nav.state !== "idle"}>{t("move.submit")}</SubmitButton>
      </Form>
      <p><Link to={redirectTo}>{t("pin.cancel")}</Link></p>
    </div>
  );
}
