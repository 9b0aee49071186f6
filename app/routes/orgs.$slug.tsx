import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { getOrgProfile } from "~/orgs/orgs.server";
import accountCss from "~/styles/account.css";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.org.name} · Allmänning` : "Allmänning" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const org = await getOrgProfile(domainCtx(context), params.slug ?? "");
  return json({ org });
}

export default function OrgProfile() {
  const { t } = useTranslation();
  const { org } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">{t(`orgKind.${org.kind}`)}</p>
      <h1>{org.name}</h1>
      {org.description ? <p className="lead">{org.description}</p> : null}
      {org.canManage || org.canEdit ? (
        <p className="actions">
          {org.canManage ? <Link className="button button-secondary" to={`/orgs/${org.slug}/admin`}>{t("orgs:profile.manage")}</Link> : null}
          {org.canEdit ? <Link className="button button-secondary" to={`/admin/orgs/${org.slug}`}>{t("orgs:profile.edit")}</Link> : null}
        </p>
      ) : null}
      <div className="two-col">
        <div>
          {/* CONTENT SLOT (issue: threads/cases): the organisation's threads and case studies the
              viewer may see go in this section. Left empty on purpose by the accounts work. */}
          <section className="content-slot" aria-labelledby="org-content-heading" data-slot="org-content">
            <h2 id="org-content-heading">{t("orgs:profile.contentHeading")}</h2>
          </section>
        </div>
        <aside className="sidebar">
          <section aria-labelledby="org-members-heading">
            <h2 id="org-members-heading">{t("orgs:profile.membersHeading")} ({org.memberCount})</h2>
            {org.members === null ? (
              <p>{t("orgs:profile.membersSignedOut")} <Link to={`/login?redirectTo=/orgs/${org.slug}`}>{t("auth.loginTitle")}</Link></p>
            ) : org.members.length === 0 ? (
              <p>{t("orgs:profile.noMembers")}</p>
            ) : (
              <ul className="member-list">
                {org.members.map((m) => (
                  <li key={m.id}>
                    <Link to={`/u/${m.handle}`}>{m.name}</Link>
                    {m.role !== "member" ? <> <span className="badge">{t(`orgs:roles.${m.role}`)}</span></> : null}
                    {m.title ? <p className="meta">{m.title}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="org-domains-heading">
            <h2 id="org-domains-heading">{t("orgs:profile.domains")}</h2>
            <ul className="org-domains">
              {org.domains.map((d) => <li key={d} className="tag">@{d}</li>)}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}
