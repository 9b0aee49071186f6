import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { getPersonProfile } from "~/orgs/people.server";
import accountCss from "~/styles/account.css";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.person.name} · Allmänning` : "Allmänning" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return json({ person: await getPersonProfile(domainCtx(context), params.handle ?? "") });
}

export default function PersonProfile() {
  const { t } = useTranslation();
  const { person } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <h1>
        {person.name}
        {person.primaryOrg ? <> <span className="person-org">· {person.primaryOrg.name}</span></> : null}
      </h1>
      {person.title ? <p className="lead">{person.title}</p> : null}
      {person.deactivated ? <p className="notice notice-warn">{t("orgs:person.deactivated")}</p> : null}
      {person.networkRole ? (
        <p><span className="badge badge-brand">{t(`orgs:networkRoles.${person.networkRole}`)}</span></p>
      ) : null}
      <h2>{t("orgs:person.memberships")}</h2>
      <ul className="list">
        {person.memberships.map((m, i) => (
          <li key={m.slug}>
            <Link to={`/orgs/${m.slug}`}>{m.name}</Link> · {t(`orgs:roles.${m.role}`)}
            {i === 0 && person.memberships.length > 1 ? <> <span className="badge">{t("orgs:person.primaryOrg")}</span></> : null}
          </li>
        ))}
      </ul>
      {person.isSelf ? <p className="actions"><Link to="/settings">{t("orgs:person.editSettings")}</Link></p> : null}
    </div>
  );
}
