import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { badRequest, notFound } from "~/lib/http.server";
import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { SubmissionField } from "~/lib/ui/submission-field";
import accountCss from "~/styles/account.css";
import { WEBHOOK_EVENTS } from "~/webhooks/deliver.server";
import { createEndpoint, deleteEndpoint, enableEndpoint, endpointSchema, redeliver, setPrivateAddresses, webhooksPage } from "~/webhooks/webhooks.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Webhooks · ${data.page.org.name} · Allmänning` : "Allmänning" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const page = await webhooksPage(domainCtx(context), params.slug ?? "");
  if (!page) notFound();
  return json({ page, events: WEBHOOK_EVENTS, submission: newSubmissionToken() }, { headers: { "Cache-Control": "private, no-store" } });
}

type Reply = { intent: string; ok: boolean; errors?: FieldErrors; values?: Record<string, string | string[]>; secret?: string; done?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  const page = await webhooksPage(ctx, params.slug ?? "");
  if (!page) notFound();
  const orgId = page.org.id;
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { intent: String(body.form.get("intent") ?? "") });
  const form = body.form;
  const intent = String(form.get("intent") ?? "");
  const id = String(form.get("id") ?? "");
  const done = (key: string) => json<Reply>({ intent, ok: true, done: key });
  const gone = () => badRequest<Reply>({ intent, ok: false, errors: { _form: [{ key: "webhooks:errors.gone" }] } });
  if (intent === "create") {
    const p = parseForm(endpointSchema, form, ["events"]);
    if (!p.ok) return badRequest<Reply>({ intent, ok: false, errors: p.errors, values: p.values });
    const r = await createEndpoint(ctx, orgId, p.data, { submission: submissionTokenFrom(form) });
    if (!r) notFound();
    return r.ok ? json<Reply>({ intent, ok: true, secret: r.secret, done: "webhooks:created" }) : badRequest<Reply>({ intent, ok: false, errors: r.errors, values: formValues(form) });
  }
  if (intent === "delete") return (await deleteEndpoint(ctx, orgId, id)) ? done("webhooks:deleted") : gone();
  if (intent === "enable") return (await enableEndpoint(ctx, orgId, id)) ? done("webhooks:enabled") : gone();
  if (intent === "redeliver") return (await redeliver(ctx, orgId, id)) ? done("webhooks:redelivered") : gone();
  if (intent === "private") return (await setPrivateAddresses(ctx, orgId, form.get("on") === "1")) ? done("webhooks:privateSaved") : gone();
  return gone();
}

export default function Webhooks() {
  const { page, events, submission } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const nav = useNavigation();
  const { t, i18n } = useTranslation();
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language === "en" ? "en-GB" : "sv-SE", { dateStyle: "short", timeStyle: "medium", timeZone: "Europe/Stockholm" });
  const failed = reply && !reply.ok ? reply : null;
  const values = (failed?.values ?? {}) as Record<string, string | string[]>;
  const chosen = new Set(Array.isArray(values.events) ? values.events : values.events ? [values.events] : failed ? [] : events);
  return (
    <div className="page">
      <p><Link to={`/orgs/${page.org.slug}/admin`}>{t("webhooks:back", { org: page.org.name })}</Link></p>
      <h1>{t("webhooks:title")}</h1>
      <p className="lead">{t("webhooks:intro")}</p>
      {reply?.ok && reply.done ? <p role="status" className="notice">{t(reply.done)}</p> : null}
      {reply?.secret ? (
        <div className="notice" role="status">
          <p><strong>{t("webhooks:secretOnce")}</strong></p>
          <p><code className="secret">{reply.secret}</code></p>
        </div>
      ) : null}
      <ErrorSummary show={Boolean(failed?.errors)} errors={failed?.errors} labels={{ url: t("webhooks:field.url"), description: t("webhooks:field.description"), events: t("webhooks:field.events") }} />

      <section aria-labelledby="endpoints">
        <h2 id="endpoints">{t("webhooks:endpoints")}</h2>
        {page.endpoints.length === 0 ? <p>{t("webhooks:none")}</p> : null}
        {page.endpoints.map((ep) => (
          <article key={ep.id} className="card stack" aria-labelledby={`ep-${ep.id}`}>
            <h3 id={`ep-${ep.id}`}><code className="webhook-url">{ep.url}</code></h3>
            {ep.description ? <p>{ep.description}</p> : null}
            <p className="meta">{t("webhooks:subscribed")}: {ep.events.map((e) => t(`webhooks:event.${e}`)).join(", ")}</p>
            {ep.disabledAt ? (
              <div className="notice" role="note">
                <p>{t("webhooks:disabled", { at: date(ep.disabledAt), reason: ep.disabledReason ?? "" })}</p>
                <Form method="post"><input type="hidden" name="intent" value="enable" /><input type="hidden" name="id" value={ep.id} /><button className="button" type="submit">{t("webhooks:enable")}</button></Form>
              </div>
            ) : null}
            <table>
              <caption>{t("webhooks:log")}</caption>
              <thead>
                <tr><th scope="col">{t("webhooks:col.event")}</th><th scope="col">{t("webhooks:col.state")}</th><th scope="col">{t("webhooks:col.attempts")}</th><th scope="col">{t("webhooks:col.redeliver")}</th></tr>
              </thead>
              <tbody>
                {ep.log.length === 0 ? <tr><td colSpan={4}>{t("webhooks:logEmpty")}</td></tr> : null}
                {ep.log.map((m) => (
                  <tr key={m.id}>
                    <td>{t(`webhooks:event.${m.eventType}`)}<br /><span className="meta">{date(m.createdAt)} · msg_{m.id}</span></td>
                    <td>{t(`webhooks:state.${m.state}`)}</td>
                    <td>
                      <ul className="plain">
                        {m.attempts.map((a) => (
                          <li key={a.attempt}>{t("webhooks:attempt", { n: a.attempt, status: a.status ?? "–", ms: a.ms, at: date(a.at) })}{a.error ? ` · ${a.error}` : ""}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {!ep.disabledAt && m.state !== "pending" ? (
                        <Form method="post"><input type="hidden" name="intent" value="redeliver" /><input type="hidden" name="id" value={m.id} /><button className="button secondary" type="submit">{t("webhooks:redeliver")}</button></Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Form method="post"><input type="hidden" name="intent" value="delete" /><input type="hidden" name="id" value={ep.id} /><button className="button secondary" type="submit">{t("webhooks:delete")}</button></Form>
          </article>
        ))}
      </section>

      <section aria-labelledby="new-endpoint">
        <h2 id="new-endpoint">{t("webhooks:new")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="create" />
          <SubmissionField token={submission} />
          <Field name="url" type="url" label={t("webhooks:field.url")} hint={t(page.allowPrivate || page.allowPrivateByEnv ? "webhooks:field.urlHintPrivate" : "webhooks:field.urlHint")} errors={failed?.errors?.url} defaultValue={String(values.url ?? "")} maxLength={2000} required />
          <Field name="description" label={t("webhooks:field.description")} errors={failed?.errors?.description} defaultValue={String(values.description ?? "")} maxLength={200} />
          <fieldset id="f-events" className={failed?.errors?.events ? "field-invalid" : undefined} aria-describedby={failed?.errors?.events ? "f-events-error" : undefined}>
            <legend>{t("webhooks:field.events")}</legend>
            {failed?.errors?.events ? <p id="f-events-error" className="field-error">{failed.errors.events.map((e) => t(e.key)).join(" ")}</p> : null}
            {events.map((e) => (
              <div key={e} className="checkbox">
                <input type="checkbox" id={`ev-${e}`} name="events" value={e} defaultChecked={chosen.has(e)} aria-invalid={failed?.errors?.events ? true : undefined} />
                <label htmlFor={`ev-${e}`}>{t(`webhooks:event.${e}`)}</label>
              </div>
            ))}
          </fieldset>
          <SubmitButton pending={nav.state === "submitting"}>{t("webhooks:create")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="private-addresses">
        <h2 id="private-addresses">{t("webhooks:private.heading")}</h2>
        <p>{page.allowPrivateByEnv ? t("webhooks:private.byEnv") : page.allowPrivate ? t("webhooks:private.on") : t("webhooks:private.off")}</p>
        {page.canTogglePrivate && !page.allowPrivateByEnv ? (
          <Form method="post">
            <input type="hidden" name="intent" value="private" />
            <input type="hidden" name="on" value={page.allowPrivate ? "0" : "1"} />
            <button className="button secondary" type="submit">{t(page.allowPrivate ? "webhooks:private.turnOff" : "webhooks:private.turnOn")}</button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
