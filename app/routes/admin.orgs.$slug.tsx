import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { OrgForm } from "~/orgs/components/org-form";
import { getOrganisationForEdit, updateOrganisation } from "~/orgs/orgs.server";
import { organisationSchema } from "~/orgs/schemas";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.org.name} · Allmänning` : "Allmänning" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return json({ org: await getOrganisationForEdit(domainCtx(context), params.slug ?? "") });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  const org = await getOrganisationForEdit(ctx, params.slug ?? "");
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(organisationSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const { domains, ...rest } = parsed.data;
  const r = await updateOrganisation(ctx, org.id, { ...rest, emailDomains: domains });
  if (!r.ok) return badRequest({ ok: false as const, errors: r.errors, values: formValues(form) });
  return redirect(`/orgs/${r.slug}`);
}

export default function EditOrganisation() {
  const { t } = useTranslation();
  const { org } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  const values = failure?.values ?? { name: org.name, slug: org.slug, kind: org.kind, domains: org.domains.join("\n"), description: org.description };
  return (
    <div className="page">
      <p><Link to="/admin">{t("orgs:network.title")}</Link></p>
      <h1>{t("orgs:network.editTitle", { org: org.name })}</h1>
      <OrgForm values={values} errors={failure?.errors} submit={t("orgs:network.save")} pending={pending} />
    </div>
  );
}
