import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest, requireViewer } from "~/lib/http.server";
import { pageTitle } from "~/orgs/title.server";
import { ProviderForm } from "~/sso/components/provider-form";
import { createProvider, listManagedProviders } from "~/sso/providers.server";
import { withoutSecret } from "~/sso/forms";
import { providerSchema } from "~/sso/schemas";
import accountCss from "~/styles/account.css";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const providers = await listManagedProviders(domainCtx(context));
  return json({
    providers: providers.map((p) => ({ slug: p.slug, displayName: p.displayName, orgName: p.orgName, protocol: p.protocol, enabled: p.enabled })),
    title: pageTitle(context.locale, "sso:admin.title"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(providerSchema, form);
  if (!parsed.ok) return badRequest({ ...parsed, values: withoutSecret(parsed.values) });
  const r = await createProvider(domainCtx(context), parsed.data);
  if (!r.ok) return badRequest({ ok: false as const, errors: r.errors, values: withoutSecret(formValues(form)) });
  return redirect(`/admin/identity-providers/${r.slug}`);
}

export default function IdentityProviders() {
  const { t } = useTranslation();
  const { providers } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  return (
    <div className="page">
      <h1>{t("sso:admin.title")}</h1>
      <p>{t("sso:admin.intro")}</p>
      {providers.length === 0 ? <p>{t("sso:admin.none")}</p> : (
        <table className="member-table">
          <thead><tr><th scope="col">{t("sso:admin.provider")}</th><th scope="col">{t("sso:admin.organisation")}</th><th scope="col">{t("sso:admin.protocol")}</th><th scope="col">{t("sso:admin.status")}</th></tr></thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.slug}>
                <td><Link to={`/admin/identity-providers/${p.slug}`}>{p.displayName}</Link></td>
                <td>{p.orgName}</td>
                <td>{p.protocol === "oidc" ? "OpenID Connect" : "SAML 2.0"}</td>
                <td>{p.enabled ? t("sso:admin.enabledYes") : t("sso:admin.enabledNo")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="create-heading" className="settings-section">
        <h2 id="create-heading">{t("sso:admin.createHeading")}</h2>
        <ProviderForm values={failure?.values ?? { enabled: "on", roleClaim: "groups" }} errors={failure?.errors} submit={t("sso:admin.create")} pending={pending} />
      </section>
    </div>
  );
}
