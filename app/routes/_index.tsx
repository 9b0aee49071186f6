import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PinnedThreads, ThreadList } from "~/forum/components/thread-list";
import { listOpenQuestionsForViewer, listPinnedThreads, listSolvedNotices } from "~/forum/threads.server";
import { latestCases } from "~/cases/listing.server";
import { CaseCard } from "~/cases/components/case-card";
import { featuredBestPractice } from "~/moderation/curation.server";
import { BestPracticeBadge } from "~/moderation/components/best-practice-badge";
import { listOrganisations } from "~/orgs/orgs.server";
import { domainCtx } from "~/lib/ctx.server";
import forumCss from "~/styles/forum.css";
import casesCss from "~/styles/cases.css";
import moderationCss from "~/styles/moderation.css";
import { feedAlternates } from "~/feeds/alternate";
import { homeSummary } from "~/insights/summary.server";
import { HomeSummaryBand } from "~/insights/components/home-summary";
import { canViewInsights } from "~/policy";
import homeSummaryCss from "~/styles/home-summary.css";

export const meta: MetaFunction = () => [{ title: "Allmänning" }, ...feedAlternates("threads", "Senaste trådarna"), ...feedAlternates("cases", "Nya fallstudier")];
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: forumCss },
  { rel: "stylesheet", href: casesCss },
  { rel: "stylesheet", href: moderationCss },
  { rel: "stylesheet", href: homeSummaryCss },
];

// Home: featured best practice, the latest case studies, open questions and the network —
// each list scoped to what this viewer may read — and a band of network figures counted over
// what the viewer may read (app/insights/summary.server.ts).
export async function loader({ context }: LoaderFunctionArgs) {
  const ctx = domainCtx(context);
  const [solved, pinned, organisations, open, cases, bestPractice, summary] = await Promise.all([
    listSolvedNotices(ctx, 5),
    listPinnedThreads(ctx, "front"),
    listOrganisations(ctx),
    listOpenQuestionsForViewer(ctx, 6),
    latestCases(ctx, 4),
    featuredBestPractice(ctx, 3),
    homeSummary(ctx),
  ]);
  return json({
    solved, pinned, organisations, unsolved: open.items, inYourAreas: open.inYourAreas, cases, bestPractice, signedIn: Boolean(context.viewer),
    summary, insightsLink: canViewInsights(context.viewer),
  });
}

export default function Home() {
  const { t } = useTranslation();
  const { solved, pinned, organisations, unsolved, inYourAreas, cases, bestPractice, signedIn, summary, insightsLink } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.intro")}</p>
        {signedIn ? <p><Link className="button" to="/threads/new">{t("forum:home.ask")}</Link></p> : null}
      </section>
      {solved.length ? (
        <section aria-labelledby="solved-heading" className="notice">
          <h2 id="solved-heading">{t("home.solvedHeading")}</h2>
          <ul>
            {solved.map((n) => (
              <li key={n.id}><Link to={n.href}>{n.title}</Link></li>
            ))}
          </ul>
        </section>
      ) : null}
      <PinnedThreads items={pinned} />
      <section aria-labelledby="best-heading">
        <h2 id="best-heading">{t("home.bestPracticeHeading")}</h2>
        {bestPractice.length ? (
          <ul className="card-grid home-best">
            {bestPractice.map((b) => (
              <li key={`${b.type}-${b.id}`} className="card">
                <BestPracticeBadge />
                <h3><Link to={b.href}>{b.title}</Link></h3>
                {b.note ? <p>{b.note}</p> : null}
                <p className="meta">{b.orgName}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("home.bestPracticeEmpty")}</p>
        )}
        <p><Link to="/best-practice">{t("home.seeAllBestPractice")}</Link></p>
      </section>
      <section aria-labelledby="cases-heading">
        <h2 id="cases-heading">{t("home.latestCasesHeading")}</h2>
        {cases.length ? (
          <ul className="list case-list">
            {cases.map((c) => <CaseCard key={c.id} c={c} headingLevel={3} />)}
          </ul>
        ) : (
          <p>{t("home.latestCasesEmpty")}</p>
        )}
        <p><Link to="/cases">{t("home.seeAllCases")}</Link></p>
      </section>
      <section aria-labelledby="unsolved-heading">
        <h2 id="unsolved-heading">{inYourAreas ? t("home.openInYourAreas") : t("forum:home.unsolvedHeading")}</h2>
        {unsolved.length ? <ThreadList items={unsolved} headingLevel={3} /> : <p>{t("forum:home.unsolvedEmpty")}</p>}
        <p><Link to="/threads?status=unanswered">{t("forum:home.seeAll")}</Link></p>
      </section>
      <HomeSummaryBand summary={summary} signedIn={signedIn} insightsLink={insightsLink} />
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
