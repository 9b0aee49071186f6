import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { listOrganisations } from "~/orgs/orgs.server";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const organisations = await listOrganisations(domainCtx(context));
  return json({ organisations, title: pageTitle(context.locale, "orgs:directory.title") });
}

export default function OrgDirectory() {
  const { t } = useTranslation();
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{t("orgs:directory.title")}</h1>
      <p className="lead">{t("orgs:directory.intro")}</p>
      <ul className="card-grid">
        {organisations.map((o) => (
          <li key={o.id} className="card">
            <h2 className="card-title"><Link to={`/orgs/${o.slug}`}>{o.name}</Link></h2>
            <p className="meta">{t(`orgKind.${o.kind}`)} · {t("home.memberCount", { count: o.memberCount })}</p>
            {o.description ? <p>{o.description}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
