import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ThreadList } from "~/forum/components/thread-list";
import { listUnsolvedQuestions } from "~/forum/threads.server";
import { listOrganisations } from "~/orgs/orgs.server";
import { domainCtx } from "~/lib/ctx.server";
import forumCss from "~/styles/forum.css";

export const meta: MetaFunction = () => [{ title: "Allmänning" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumCss }];

export async function loader({ context }: LoaderFunctionArgs) {
  const ctx = domainCtx(context);
  const [organisations, unsolved] = await Promise.all([listOrganisations(ctx), listUnsolvedQuestions(ctx, 6)]);
  return json({ organisations, unsolved, signedIn: Boolean(context.viewer) });
}

export default function Home() {
  const { t } = useTranslation();
  const { organisations, unsolved, signedIn } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.intro")}</p>
        {signedIn ? <p><Link className="button" to="/threads/new">{t("forum:home.ask")}</Link></p> : null}
      </section>
      <section aria-labelledby="unsolved-heading">
        <h2 id="unsolved-heading">{t("forum:home.unsolvedHeading")}</h2>
        {unsolved.length ? <ThreadList items={unsolved} headingLevel={3} /> : <p>{t("forum:home.unsolvedEmpty")}</p>}
        <p><Link to="/threads?status=unanswered">{t("forum:home.seeAll")}</Link></p>
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
