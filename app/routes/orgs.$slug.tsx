import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { WatchForm } from "~/watching/components/watch-form";
import { myWatchLevel } from "~/watching/watching.server";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { getOrgProfile } from "~/orgs/orgs.server";
import { listOrgThreads } from "~/forum/threads.server";
import { ThreadList } from "~/forum/components/thread-list";
import { listNeedsReview, listOrgCases } from "~/cases/listing.server";
import { listOrgAdoptions } from "~/cases/adoptions.server";
import { CaseCard } from "~/cases/components/case-card";
import accountCss from "~/styles/account.css";
import forumCss from "~/styles/forum.css";
import casesCss from "~/styles/cases.css";
import { feedAlternates } from "~/feeds/alternate";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountCss },
  { rel: "stylesheet", href: forumCss },
  { rel: "stylesheet", href: casesCss },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.org.name} · Allmänning` : "Allmänning" },
  ...(data ? feedAlternates("org", data.org.name, data.org.slug) : []),
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const ctx = domainCtx(context);
  const org = await getOrgProfile(ctx, params.slug ?? "");
  // Everything below is scoped to what this viewer may read.
  const [threads, cases, needsReview, adoptions] = await Promise.all([
    listOrgThreads(ctx, org.id, 8),
    listOrgCases(ctx, org.id),
    listNeedsReview(ctx, org.id),
    listOrgAdoptions(ctx, org.id),
  ]);
  const watch = ctx.viewer ? await myWatchLevel(ctx, "org", org.id) : null;
  return json({ org, threads, cases, needsReview, adoptions, watch });
}

export default function OrgProfile() {
  const { t } = useTranslation();
  const { org, threads, cases, needsReview, adoptions, watch } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">{t(`orgKind.${org.kind}`)}</p>
      <h1>{org.name}</h1>
      {watch ? <WatchForm targetType="org" targetId={org.id} level={watch.level} firstPostOnly={watch.firstPostOnly} /> : null}
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
            <h2 id="org-content-heading" className="visually-hidden">{t("orgs:profile.contentHeading")}</h2>
            {needsReview.length ? (
              <section aria-labelledby="org-review-heading" className="notice notice-warn">
                <h3 id="org-review-heading">{t("orgs:profile.needsReviewHeading")}</h3>
                <p>{t("orgs:profile.needsReviewIntro")}</p>
                <ul>
                  {needsReview.map((c) => (
                    <li key={c.id}><Link to={`/cases/${c.id}-${c.slug}`}>{c.title}</Link></li>
                  ))}
                </ul>
              </section>
            ) : null}
            <h3>{t("orgs:profile.casesHeading")}</h3>
            {cases.length ? (
              <ul className="list case-list">{cases.map((c) => <CaseCard key={c.id} c={c} headingLevel={3} />)}</ul>
            ) : (
              <p>{t("orgs:profile.noCases")}</p>
            )}
            <h3>{t("orgs:profile.adoptedFromUsHeading")}</h3>
            {adoptions.adoptedFromUs.length ? (
              <ul>
                {adoptions.adoptedFromUs.map((a) => (
                  <li key={a.id}>
                    <Link to={`/cases/${a.caseId}-${a.caseSlug}`}>{t("orgs:profile.adoptionBy", { org: a.org.name, case: a.caseTitle })}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("orgs:profile.noAdoptions")}</p>
            )}
            <h3>{t("orgs:profile.adoptedHeading")}</h3>
            {adoptions.adopted.length ? (
              <ul>
                {adoptions.adopted.map((a) => (
                  <li key={a.id}>
                    <Link to={`/cases/${a.caseId}-${a.caseSlug}`}>{t("orgs:profile.adoptionOf", { case: a.caseTitle, org: a.caseOrg.name })}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("orgs:profile.noAdoptions")}</p>
            )}
            <h3>{t("orgs:profile.threadsHeading")}</h3>
            {threads.length ? <ThreadList items={threads} headingLevel={3} /> : <p>{t("orgs:profile.noThreads")}</p>}
            <p><Link to={`/threads?org=${org.slug}`}>{t("orgs:profile.allThreads")}</Link></p>
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
