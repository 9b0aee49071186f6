import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest, requireViewer } from "~/lib/http.server";
import { appBaseUrl } from "~/lib/mail.server";
import { createScimToken, listTokens, revokeToken } from "~/scim/tokens.server";
import { ProviderForm } from "~/sso/components/provider-form";
import { getManagedProvider, removeProvider, setRequireSso, updateProvider } from "~/sso/providers.server";
import { withoutSecret } from "~/sso/forms";
import { providerSchema, requireSsoSchema, revokeTokenSchema, scimTokenSchema } from "~/sso/schemas";
import { callbackUrl, takeTestClaims } from "~/sso/signin.server";
import accountCss from "~/styles/account.css";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.provider.displayName} · Allmänning` : "Allmänning" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const p = await getManagedProvider(ctx, params.slug ?? "");
  // Everything but the secret: the form shows only whether one is stored.
  const provider = {
    slug: p.slug, displayName: p.displayName, orgName: p.orgName, orgSlug: p.orgSlug, protocol: p.protocol, enabled: p.enabled,
    issuer: p.issuer, clientId: p.clientId, hasSecret: p.hasSecret, samlEntityId: p.samlEntityId, samlSsoUrl: p.samlSsoUrl,
    samlCert: p.samlCert, roleClaim: p.roleClaim, roleMap: p.roleMap, defaultRole: p.defaultRole, domainFallback: p.domainFallback,
    tenants: p.tenants, requireSso: p.requireSso,
  };
  // A SAML test run comes back here with a single-use token for the claims it received.
  const testToken = new URL(request.url).searchParams.get("test");
  const testClaims = testToken ? await takeTestClaims(ctx, p.id, testToken) : null;
  return json({
    provider,
    test: testToken ? { claims: testClaims } : null,
    tokens: await listTokens(ctx, p.orgId),
    redirectUri: callbackUrl(p.slug),
    metadataUrl: `${appBaseUrl()}/auth/saml/${p.slug}/metadata`,
    scimUrl: `${appBaseUrl()}/scim/v2`,
  }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  const slug = params.slug ?? "";
  const p = await getManagedProvider(ctx, slug);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const intent = form.get("intent");
  if (intent === "remove") {
    await removeProvider(ctx, slug);
    return redirect("/admin/identity-providers");
  }
  if (intent === "requireSso") {
    const parsed = parseForm(requireSsoSchema, form);
    if (!parsed.ok) return badRequest(parsed);
    await setRequireSso(ctx, p.orgSlug, parsed.data.requireSso);
    return json({ ok: true as const, newToken: null });
  }
  if (intent === "scimCreate") {
    const parsed = parseForm(scimTokenSchema, form);
    if (!parsed.ok) return badRequest(parsed);
    const { token } = await createScimToken(ctx, p.orgSlug, parsed.data.label);
    return json({ ok: true as const, newToken: token }, { headers: { "Cache-Control": "no-store" } });
  }
  if (intent === "scimRevoke") {
    const parsed = parseForm(revokeTokenSchema, form);
    if (!parsed.ok) return badRequest(parsed);
    await revokeToken(ctx, parsed.data.tokenId);
    return json({ ok: true as const, newToken: null });
  }
  const parsed = parseForm(providerSchema, form);
  if (!parsed.ok) return badRequest({ ...parsed, values: withoutSecret(parsed.values) });
  const r = await updateProvider(ctx, slug, parsed.data);
  if (!r.ok) return badRequest({ ok: false as const, errors: r.errors, values: withoutSecret(formValues(form)) });
  return redirect(`/admin/identity-providers/${r.slug}`);
}

export default function EditIdentityProvider() {
  const { t } = useTranslation();
  const { provider: p, test, tokens, redirectUri, metadataUrl, scimUrl } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failure = data && !data.ok ? data : undefined;
  const newToken = data && data.ok ? data.newToken : null;
  const pending = useNavigation().state === "submitting";
  const values = failure?.values ?? {
    displayName: p.displayName, slug: p.slug, orgSlug: p.orgSlug, protocol: p.protocol, enabled: p.enabled ? "on" : "", issuer: p.issuer,
    clientId: p.clientId, samlEntityId: p.samlEntityId, samlSsoUrl: p.samlSsoUrl, samlCert: p.samlCert, roleClaim: p.roleClaim,
    roleMap: Object.entries(p.roleMap).map(([k, r]) => `${k} = ${r}`).join("\n"), defaultRole: p.defaultRole,
    tenants: p.tenants.map((x) => `${x.tenantId} = ${x.orgSlug}`).join("\n"), domainFallback: p.domainFallback ? "on" : "",
  };
  return (
    <div className="page">
      <p><Link to="/admin/identity-providers">{t("sso:admin.title")}</Link></p>
      <h1>{t("sso:admin.editTitle", { name: p.displayName })}</h1>
      <dl className="sso-facts">
        <dt>{t("sso:admin.redirectUri")}</dt><dd><code>{redirectUri}</code></dd>
        {p.protocol === "saml" ? (<><dt>{t("sso:admin.metadataUrl")}</dt><dd><code>{metadataUrl}</code></dd></>) : null}
      </dl>
      <p>
        <a className="button button-secondary" href={`/auth/sso/${p.slug}/start?test=1`}>{t("sso:admin.test")}</a> {t("sso:admin.testIntro")}
      </p>
      {test ? (
        <section id="test-result" aria-labelledby="test-heading" className="settings-section">
          <h2 id="test-heading">{t("sso:admin.claimsTitle", { name: p.displayName })}</h2>
          {test.claims ? (
            <>
              <p role="status">{t("sso:admin.claimsOk")}</p>
              <pre className="claims">{JSON.stringify(test.claims, null, 2)}</pre>
            </>
          ) : <p role="alert" className="notice notice-warn">{t("sso:admin.testGone")}</p>}
        </section>
      ) : null}
      <ProviderForm values={values} errors={failure?.errors} submit={t("sso:admin.save")} pending={pending} hasSecret={p.hasSecret} />

      <section aria-labelledby="require-heading" className="settings-section">
        <h2 id="require-heading">{t("sso:admin.requireHeading")}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="requireSso" />
          <input type="hidden" name="orgSlug" value={p.orgSlug} />
          <label><input type="checkbox" name="requireSso" defaultChecked={p.requireSso} /> {t("sso:admin.requireLabel", { org: p.orgName })}</label>
          <button type="submit">{t("sso:admin.requireSave")}</button>
        </Form>
      </section>

      <section aria-labelledby="scim-heading" className="settings-section">
        <h2 id="scim-heading">{t("sso:admin.scimHeading")}</h2>
        <p>{t("sso:admin.scimIntro", { url: scimUrl })}</p>
        {newToken ? <p role="status" className="notice">{t("sso:admin.scimNew")} <code className="secret-once">{newToken}</code></p> : null}
        {tokens.length === 0 ? <p>{t("sso:admin.scimNone")}</p> : (
          <ul className="invite-list">
            {tokens.map((tk) => (
              <li key={tk.id}>
                <span>{tk.label || `#${tk.id}`} · {t("sso:admin.scimLastUsed")}: {tk.lastUsedAt ? new Date(tk.lastUsedAt).toLocaleString("sv-SE") : t("sso:admin.never")}</span>
                {tk.revoked ? <span>{t("sso:admin.scimRevoked")}</span> : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="scimRevoke" />
                    <input type="hidden" name="tokenId" value={tk.id} />
                    <button type="submit" className="link-button">{t("sso:admin.scimRevoke")}</button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="scimCreate" />
          <input type="hidden" name="orgSlug" value={p.orgSlug} />
          <div className="field"><label htmlFor="scim-label">{t("sso:admin.scimLabel")}</label><input id="scim-label" name="label" maxLength={100} /></div>
          <button type="submit">{t("sso:admin.scimCreate")}</button>
        </Form>
      </section>

      <section className="settings-section">
        <Form method="post">
          <input type="hidden" name="intent" value="remove" />
          <button type="submit" className="button-secondary">{t("sso:admin.remove")}</button>
        </Form>
      </section>
    </div>
  );
}
