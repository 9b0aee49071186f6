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
import { refusal, withNotice } from "~/moderation/http.server";
import { mergeChoices, mergeSchema, mergeTarget, mergeThreads } from "~/moderation/merge.server";
import href from "~/styles/moderation.css";

// Merging a duplicate question into another (issue 16 item 7). Two steps, both plain forms:
// pick the target (a suggestion, or its number or address), then confirm with both titles shown.

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Slå ihop frågor · Allmänning" }];
export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const url = new URL(request.url);
  const r = await mergeChoices(domainCtx(context), url.searchParams.get("targetId") ?? "");
  if (!r.ok) return r.error === "forbidden" ? forbidden() : r.error === "notApplicable" ? json({ notApplicable: true as const, redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "/mod/queue") }) : notFound();
  return json({ notApplicable: false as const, ...r.value, redirectTo: safeRedirect(url.searchParams.get("redirectTo"), r.value.from.href) });
}

type Errors = Record<string, { key: string }[]>;

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  if (!context.viewer) return signInRedirect(safeRedirect(form.get("redirectTo")));
  // A typed number or address wins over a picked suggestion.
  const typed = String(form.get("intoOther") ?? "").trim();
  if (typed) form.set("into", typed);
  const values = formValues(form);
  const parsed = parseForm(mergeSchema, form);
  if (!parsed.ok) return badRequest({ step: "choose" as const, errors: parsed.errors as Errors, values });
  const ctx = domainCtx(context);
  const intoError = () => badRequest({ step: "choose" as const, errors: { into: [{ key: "modtools:merge.errors.cannot" }] } as Errors, values });
  if (parsed.data.confirm !== "1") {
    const r = await mergeTarget(ctx, parsed.data.targetId, parsed.data.into);
    if (!r.ok && r.error === "invalid") return intoError();
    if (!r.ok) return refusal(r.error, form);
    return json({ step: "confirm" as const, errors: {} as Errors, values, ...r.value });
  }
  const r = await mergeThreads(ctx, parsed.data);
  if (!r.ok && r.error === "invalid") return intoError();
  if (!r.ok) return refusal(r.error, form);
  return redirect(withNotice(r.value.href, r.value.notice, `thread-${r.value.intoId}`), 303);
}

type Item = { id: string; title: string; href: string; orgName: string; replies: number };
type Data = { step?: "choose" | "confirm"; errors?: Errors; values?: Record<string, string>; from?: Item; into?: Item } | undefined;

export default function ModMerge() {
  const { t } = useTranslation("modtools");
  const { t: tc } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as Data;
  const nav = useNavigation();
  if (loaded.notApplicable) {
    return (
      <div className="page narrow">
        <h1>{t("merge.title")}</h1>
        <p className="notice notice-warn">{t("merge.onlyQuestions")}</p>
        <p><Link to={loaded.redirectTo}>{t("pin.cancel")}</Link></p>
      </div>
    );
  }
  const { from, candidates, redirectTo } = loaded;
  // (a suggestion stays picked after a refused post)
  const values = data?.values ?? {};
  const intoError = data?.errors?.into?.map((e) => tc(e.key)).join(" ");
  const reasonError = data?.errors?.reason?.map((e) => tc(e.key)).join(" ");
  const common = (
    <>
      <input type="hidden" name="targetId" value={from.id} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
    </>
  );
  if (data?.step === "confirm" && data.into) {
    const into = data.into;
    return (
      <div className="page narrow">
        <h1>{t("merge.confirmTitle")}</h1>
        <p>{t("merge.confirmText", { from: from.title, into: into.title, count: from.replies })}</p>
        <dl className="merge-pair">
          <dt>{t("merge.from")}</dt><dd><Link to={from.href}>{from.title}</Link> ({from.orgName})</dd>
          <dt>{t("merge.into")}</dt><dd><Link to={into.href}>{into.title}</Link> ({into.orgName})</dd>
        </dl>
        <Form method="post" className="stack">
          {common}
          <input type="hidden" name="into" value={into.id} />
          <input type="hidden" name="reason" value={values.reason ?? ""} />
          <input type="hidden" name="confirm" value="1" />
          <SubmitButton className="button button-danger" pending={nav.state !== "idle"}>{t("merge.confirm")}</SubmitButton>
        </Form>
        <p><Link to={`/mod/merge?targetId=${from.id}&redirectTo=${encodeURIComponent(redirectTo)}`}>{t("merge.back")}</Link></p>
      </div>
    );
  }
  const picked = values.into ?? "";
  return (
    <div className="page narrow">
      <h1>{t("merge.title")}</h1>
      <p className="lead">{t("merge.intro", { title: from.title, count: from.replies })}</p>
      <ErrorSummary show={!!(intoError || reasonError)} errors={data?.errors ?? {}} ids={{ into: "merge-into", reason: "merge-reason" }} />
      <Form method="post" className="stack" noValidate>
        {common}
        {candidates.length ? (
          <fieldset className="field">
            <legend>{t("merge.suggestions")}</legend>
            {candidates.map((c) => (
              <div className="choice" key={c.id}>
                <input type="radio" id={`merge-c-${c.id}`} name="into" value={c.id} defaultChecked={picked === c.id} />
                <label htmlFor={`merge-c-${c.id}`}>{c.title} <span className="meta">({c.orgName}, {t("merge.replies", { count: c.replies })})</span></label>
              </div>
            ))}
          </fieldset>
        ) : <p className="meta">{t("merge.noSuggestions")}</p>}
        <div className={`field${intoError ? " field-invalid" : ""}`}>
          <label htmlFor="merge-into">{candidates.length ? t("merge.intoOther") : t("merge.intoField")}</label>
          <p id="merge-into-hint" className="hint">{t("merge.intoHint")}</p>
          {intoError ? <p id="merge-into-error" className="field-error">{intoError}</p> : null}
          <input type="text" id="merge-into" name="intoOther" defaultValue={values.intoOther ?? ""}
            aria-invalid={intoError ? true : undefined} aria-describedby={`merge-into-hint${intoError ? " merge-into-error" : ""}`} />
        </div>
        <div className={`field${reasonError ? " field-invalid" : ""}`}>
          <label htmlFor="merge-reason">{t("move.reason")}</label>
          <p id="merge-reason-hint" className="hint">{t("move.reasonHint")}</p>
          {reasonError ? <p id="merge-reason-error" className="field-error">{reasonError}</p> : null}
          <textarea id="merge-reason" name="reason" rows={3} maxLength={500} defaultValue={values.reason ?? ""}
            aria-invalid={reasonError ? true : undefined} aria-describedby={`merge-reason-hint${reasonError ? " merge-reason-error" : ""}`} />
        </div>
        <SubmitButton pending={nav.state !== "idle"}>{t("merge.next")}</SubmitButton>
      </Form>
      <p><Link to={redirectTo}>{t("pin.cancel")}</Link></p>
    </div>
  );
}
