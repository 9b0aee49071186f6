import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listOrganisations } from "~/orgs/orgs.server";
import { domainCtx } from "~/lib/ctx.server";

export const meta: MetaFunction = () => [{ title: "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const organisations = await listOrganisations(domainCtx(context));
  return json({ organisations });
}

export default function Home() {
  const { t } = useTranslation();
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.intro")}</p>
      </section>
      <section aria-labelledby="orgs-heading">
        <h2 id="orgs-heading">{t("home.orgsHeading")}</h2>
        <ul className="card-grid">
          {organisations.map((o) => (
            <li key={o.id} className="card">
              <h3>
                <Link to={`/orgs/${o.slug}`}>{o.name}</Link>
              </h3>
              <p className="meta">
                {t(`orgKind.${o.kind}`)} · {t("home.memberCount", { count: o.memberCount })}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
