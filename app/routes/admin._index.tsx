import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest, notFound } from "~/lib/http.server";
import { canViewNetworkAdmin } from "~/policy";
import { OrgForm } from "~/orgs/components/org-form";
import { createOrganisation, listOrganisations } from "~/orgs/orgs.server";
import { organisationSchema } from "~/orgs/schemas";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (!canViewNetworkAdmin(context.viewer)) notFound();
  const organisations = await listOrganisations(domainCtx(context));
  return json({ organisations, title: pageTitle(context.locale, "orgs:network.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(organisationSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const { domains, ...rest } = parsed.data;
  const r = await createOrganisation(domainCtx(context), { ...rest, emailDomains: domains });
  if (!r.ok) return badRequest({ ok: false as const, errors: r.errors, values: formValues(form) });
  return redirect(`/orgs/${r.slug}`);
}

export default function NetworkAdmin() {
  const { t } = useTranslation();
  const { organisations } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  return (
    <div className="page">
      <h1>{t("orgs:network.title")}</h1>
      <p><Link to="/admin/people">{t("orgs:network.peopleHeading")}</Link></p>
      <p><Link to="/admin/identity-providers">{t("sso:admin.link")}</Link></p>
      <p><Link to="/admin/synonyms">{t("search:synonyms.link")}</Link></p>
      <p><Link to="/admin/erasure">{t("privacy:erasure.title")}</Link></p>
      <p><Link to="/admin/archive">{t("privacy:archive.title")}</Link></p>
      <section aria-labelledby="orgs-heading" className="settings-section">
        <h2 id="orgs-heading">{t("orgs:network.orgsHeading")}</h2>
        <table className="member-table">
          <thead><tr><th scope="col">{t("orgs:network.name")}</th><th scope="col">{t("orgs:network.kind")}</th><th scope="col"><span className="visually-hidden">{t("orgs:network.edit")}</span></th></tr></thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id}>
                <td><Link to={`/orgs/${o.slug}`}>{o.name}</Link><div className="meta">{t("home.memberCount", { count: o.memberCount })}</div></td>
                <td>{t(`orgKind.${o.kind}`)}</td>
                <td><Link to={`/admin/orgs/${o.slug}`} aria-label={`${t("orgs:network.edit")}: ${o.name}`}>{t("orgs:network.edit")}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="create-heading" className="settings-section">
        <h2 id="create-heading">{t("orgs:network.createHeading")}</h2>
        <OrgForm values={failure?.values ?? {}} errors={failure?.errors} submit={t("orgs:network.create")} pending={pending} />
      </section>
    </div>
  );
}
