import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues } from "~/lib/forms.server";
import { badRequest, forbidden, notFound, requireViewer, signInRedirect } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { ErrorSummary, SubmitButton } from "~/lib/ui/field";
import { moderate } from "~/moderation/actions.server";
import { refusal, withNotice } from "~/moderation/http.server";
import { pinChoices } from "~/moderation/thread-tools.server";
import href from "~/styles/moderation.css";

// Pinning a thread (issue 16 item 7): the scope is picked from a list — the front page or one of
// the live tags, the thread's own first — never typed. Works without JavaScript.

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Fäst tråden · Allmänning" }];
export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";

const ID = /^\d{1,18}$/;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const url = new URL(request.url);
  const id = url.searchParams.get("targetId") ?? "";
  if (!ID.test(id)) notFound();
  const r = await pinChoices(domainCtx(context), id, context.locale === "en" ? "en" : "sv");
  if (!r.ok) return r.error === "forbidden" ? forbidden() : notFound();
  return json({ ...r.value, redirectTo: safeRedirect(url.searchParams.get("redirectTo"), r.value.thread.href) });
}

const schema = z.object({ targetId: z.string().regex(ID), scope: z.string().trim().max(80).optional().default(""), redirectTo: z.string().optional() });

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  if (!context.viewer) return signInRedirect(safeRedirect(form.get("redirectTo")));
  const parsed = schema.safeParse(formValues(form));
  if (!parsed.success) notFound();
  const values = formValues(form);
  if (!/^(front|[a-z0-9][a-z0-9-]{0,79})$/.test(parsed.data.scope)) {
    return badRequest({ ok: false as const, errors: { scope: [{ key: "modtools:pin.choose" }] } as Record<string, { key: string }[]>, values });
  }
  const r = await moderate(domainCtx(context), { intent: "pin", targetType: "thread", targetId: parsed.data.targetId, scope: parsed.data.scope });
  if (!r.ok && r.error === "invalid") return badRequest({ ok: false as const, errors: { scope: [{ key: "modtools:pin.choose" }] } as Record<string, { key: string }[]>, values });
  if (!r.ok) return refusal(r.error, form);
  const to = safeRedirect(parsed.data.redirectTo, `/t/${parsed.data.targetId}`);
  return redirect(withNotice(to, r.value.notice, `thread-${parsed.data.targetId}`), 303);
}

export default function ModPin() {
  const { t } = useTranslation("modtools");
  const { t: tc } = useTranslation();
  const { thread, own, areas, redirectTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as { errors?: Record<string, { key: string }[]>; values?: Record<string, string> } | undefined;
  const nav = useNavigation();
  const error = data?.errors?.scope?.map((e) => tc(e.key)).join(" ") ?? (data?.errors?._form ? data.errors._form.map((e) => tc(e.key)).join(" ") : null);
  const current = data?.values?.scope ?? thread.pinnedScope ?? "front";
  return (
    <div className="page narrow">
      <h1>{t("pin.title")}</h1>
      <p className="lead">{t("pin.thread", { title: thread.title })}</p>
      {thread.pinnedScope ? <p className="notice">{t("pin.current", { scope: thread.pinnedScope === "front" ? t("pin.front") : thread.pinnedScope })}</p> : null}
      <ErrorSummary show={!!error} errors={data?.errors ?? {}} ids={{ scope: "pin-scope" }} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="targetId" value={thread.id} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className={`field${error ? " field-invalid" : ""}`}>
          <label htmlFor="pin-scope">{t("pin.where")}</label>
          <p id="pin-scope-hint" className="hint">{t("pin.hint")}</p>
          {error ? <p id="pin-scope-error" className="field-error">{error}</p> : null}
          <select id="pin-scope" name="scope" defaultValue={current} required aria-invalid={error ? true : undefined} aria-describedby={`pin-scope-hint${error ? " pin-scope-error" : ""}`}>
            <option value="front">{t("pin.front")}</option>
            {own.length ? (
              <optgroup label={t("pin.own")}>
                {own.map((c) => <option key={`own-${c.value}`} value={c.value}>{c.label}</option>)}
              </optgroup>
            ) : null}
            {areas.map((a) => (
              <optgroup key={a.area} label={tc(`moderation:areas.${a.area}`)}>
                {a.tags.filter((c) => !own.some((o) => o.value === c.value)).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        <SubmitButton pending={nav.state !== "idle"}>{t("pin.submit")}</SubmitButton>
      </Form>
      <p><Link to={redirectTo}>{t("pin.cancel")}</Link></p>
    </div>
  );
}
