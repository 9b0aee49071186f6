import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { Expertise } from "~/profiles/components/expertise";
import { ProfileLists } from "~/profiles/components/profile-lists";
import { getProfile } from "~/profiles/profiles.server";
import { profileQuery } from "~/profiles/schemas";
import accountCss from "~/styles/account.css";
import profilesCss from "~/styles/profiles.css";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }, { rel: "stylesheet", href: profilesCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.person.name} · Allmänning` : "Allmänning" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const q = profileQuery(new URL(request.url).searchParams);
  return json(await getProfile(domainCtx(context), params.handle ?? "", q.list, q.after));
}

export default function PersonProfile() {
  const { t } = useTranslation();
  const { person, expertise, lists, only } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow profile">
      <h1>
        {person.name}
        {person.primaryOrg ? <> <span className="person-org">· {person.primaryOrg.name}</span></> : null}
      </h1>
      {person.title ? <p className="lead">{person.title}</p> : null}
      {person.deactivated ? <p className="notice notice-warn">{t("orgs:person.deactivated")}</p> : null}
      {person.networkRole ? (
        <p><span className="badge badge-brand">{t(`orgs:networkRoles.${person.networkRole}`)}</span></p>
      ) : null}
      {only ? (
        <p><Link to=".">{t("profiles:lists.back")}</Link></p>
      ) : (
        <>
          <Expertise tags={expertise.tags} areas={expertise.areas} />
          <section aria-labelledby="memberships-heading" className="profile-section">
            <h2 id="memberships-heading">{t("orgs:person.memberships")}</h2>
            <ul className="list">
              {person.memberships.map((m, i) => (
                <li key={m.slug}>
                  <Link to={`/orgs/${m.slug}`}>{m.name}</Link> · {t(`orgs:roles.${m.role}`)}
                  {i === 0 && person.memberships.length > 1 ? <> <span className="badge">{t("orgs:person.primaryOrg")}</span></> : null}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      <div className="profile-lists">
        <ProfileLists lists={lists} only={only} />
      </div>
      {person.isSelf && !only ? <p className="actions"><Link to="/settings">{t("orgs:person.editSettings")}</Link></p> : null}
    </div>
  );
}
