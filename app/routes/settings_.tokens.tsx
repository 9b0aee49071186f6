import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EXPIRY_DAYS } from "~/api/constants";
import { createApiToken, listApiTokens, revokeApiToken } from "~/api/tokens.server";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import type { FieldErrors } from "~/lib/forms.server";
import { formatDateTime } from "~/lib/i18n/format";
import { requireViewer } from "~/lib/http.server";
import { appBaseUrl } from "~/lib/mail.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { Done, SelectField } from "~/orgs/components/forms";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";
import apiCss from "~/styles/api.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }, { rel: "stylesheet", href: apiCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

// /settings/tokens: the person's personal access tokens for the JSON API.
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const tokens = await listApiTokens(domainCtx(context));
  return json({ tokens, baseUrl: appBaseUrl(), title: pageTitle(context.locale, "api:tokens.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

type Reply = { ok: boolean; token?: string; errors?: FieldErrors; values?: Record<string, string | string[]> };

// Creating a token is not run through `once`: its result is the secret itself, and a replayable
// result would keep it in the database. A double click makes a second token, listed and revocable.
export async function action({ request, context }: ActionFunctionArgs) {
  requireViewer(request, context.viewer);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const ctx = domainCtx(context);
  if (form.get("intent") === "revoke") {
    await revokeApiToken(ctx, String(form.get("tokenId") ?? ""));
    return redirect("/settings/tokens?done=revoked");
  }
  const values = { name: String(form.get("name") ?? ""), scope: String(form.get("scope") ?? ""), expiresInDays: String(form.get("expiresInDays") ?? "") };
  const r = await createApiToken(ctx, values as never);
  if (!r.ok) return json<Reply>({ ok: false, errors: r.errors, values }, { status: 400, headers: { "Cache-Control": "no-store" } });
  return json<Reply>({ ok: true, token: r.token }, { headers: { "Cache-Control": "no-store" } });
}

export default function ApiTokens() {
  const { tokens, baseUrl } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const nav = useNavigation();
  const [search] = useSearchParams();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "sv";
  const failed = reply && !reply.ok ? reply : undefined;
  const v = (failed?.values ?? {}) as Record<string, string>;
  const when = (d: string | null) => (d ? formatDateTime(d, locale) : t("api:tokens.never"));
  const status = (x: (typeof tokens)[number]) => (x.revokedAt ? t("api:tokens.revoked") : x.active ? t("api:tokens.active") : t("api:tokens.expired"));
  return (
    <div className="page narrow">
      <p className="meta"><Link to="/settings">{t("common:nav.settings")}</Link></p>
      <h1>{t("api:tokens.title")}</h1>
      <p>{t("api:tokens.intro")}</p>
      <p><a href="/api/v1/docs">{t("api:tokens.docs")}</a></p>
      <Done message={search.get("done") === "revoked" ? t("api:tokens.revokedNotice") : null} />
      {reply?.ok && reply.token ? (
        <div className="api-token" role="status">
          <p><strong>{t("api:tokens.created")}</strong></p>
          <output aria-label={t("api:tokens.createdLabel")} data-token><code>{reply.token}</code></output>
          <p>{t("api:tokens.curl")}</p>
          <pre className="api-code"><code>{`curl -H "Authorization: Bearer ${reply.token}" "${baseUrl}/api/v1/threads?limit=5"`}</code></pre>
        </div>
      ) : null}

      <section aria-labelledby="create-heading" className="settings-section">
        <h2 id="create-heading">{t("api:tokens.create")}</h2>
        <ErrorSummary show={Boolean(failed)} errors={failed?.errors} labels={{ name: t("api:tokens.name"), scope: t("api:tokens.scope"), expiresInDays: t("api:tokens.expiry") }} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field name="name" label={t("api:tokens.name")} hint={t("api:tokens.nameHint")} required maxLength={80} defaultValue={v.name ?? ""} errors={failed?.errors?.name} />
          <SelectField name="scope" label={t("api:tokens.scope")} hint={t("api:tokens.scopeHint")} defaultValue={v.scope || "read"} errors={failed?.errors?.scope}
            options={[{ value: "read", label: t("api:tokens.scope_read") }, { value: "write", label: t("api:tokens.scope_write") }]} />
          <SelectField name="expiresInDays" label={t("api:tokens.expiry")} defaultValue={v.expiresInDays || "90"} errors={failed?.errors?.expiresInDays}
            options={EXPIRY_DAYS.map((d) => ({ value: String(d), label: t("api:tokens.days", { count: d }) }))} />
          <SubmitButton pending={nav.state === "submitting" && nav.formData?.get("intent") === "create"}>{t("api:tokens.create")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="list-heading" className="settings-section">
        <h2 id="list-heading">{t("api:tokens.list")}</h2>
        {tokens.length ? (
          <ul className="list session-list token-list">
            {tokens.map((x) => (
              <li key={x.id} data-token-id={x.id}>
                <div>
                  <strong data-token-name>{x.name}</strong> <span className={x.active ? "badge badge-ok" : "badge"}>{status(x)}</span>
                  <dl className="token-facts">
                    <div><dt>{t("api:tokens.col.scope")}</dt><dd>{t(`api:tokens.scope_${x.scope}`)}</dd></div>
                    <div><dt>{t("api:tokens.col.created")}</dt><dd>{when(x.createdAt)}</dd></div>
                    <div><dt>{t("api:tokens.col.expires")}</dt><dd>{when(x.expiresAt)}</dd></div>
                    <div><dt>{t("api:tokens.col.lastUsed")}</dt><dd data-last-used>{when(x.lastUsedAt)}</dd></div>
                  </dl>
                </div>
                {x.active ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="tokenId" value={x.id} />
                    <button type="submit" className="button button-secondary" aria-label={t("api:tokens.revokeLabel", { name: x.name })}>{t("api:tokens.revoke")}</button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("api:tokens.empty")}</p>
        )}
      </section>
    </div>
  );
}
