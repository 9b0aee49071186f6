import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ThreadList } from "~/forum/components/thread-list";
import { countThreads, listThreads } from "~/forum/threads.server";
import type { ThreadFilters } from "~/forum/types";
import { domainCtx } from "~/lib/ctx.server";
import { listOrganisations } from "~/orgs/orgs.server";
import forumCss from "~/styles/forum.css";
import { feedAlternates } from "~/feeds/alternate";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumCss }];
export const meta: MetaFunction = () => [{ title: "Trådar · Allmänning" }, ...feedAlternates("threads", "Senaste trådarna"), ...feedAlternates("questions", "Öppna frågor")];

const filterSchema = z.object({
  tag: z.string().max(300).optional().catch(undefined),
  org: z.string().max(80).optional().catch(undefined),
  kind: z.enum(["question", "discussion"]).optional().catch(undefined),
  status: z.enum(["unanswered", "solved"]).optional().catch(undefined),
  after: z.string().max(40).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const sp = new URL(request.url).searchParams;
  const q = filterSchema.parse({
    tag: sp.getAll("tag").join(",") || undefined, org: sp.get("org") || undefined,
    kind: sp.get("kind") || undefined, status: sp.get("status") || undefined, after: sp.get("after") || undefined,
  });
  const ctx = domainCtx(context);
  const organisations = await listOrganisations(ctx);
  const org = organisations.find((o) => o.slug === q.org);
  const tags = (q.tag ?? "").split(",").map((x) => x.trim()).filter(Boolean).slice(0, 5);
  const filters: ThreadFilters = { tags, orgId: org?.id, kind: q.kind, status: q.status };
  const [page, total] = await Promise.all([listThreads(ctx, filters, q.after), countThreads(ctx, filters)]);
  return json({
    page, total, organisations: organisations.map((o) => ({ slug: o.slug, name: o.name })),
    query: { tag: tags.join(", "), org: org?.slug ?? "", kind: q.kind ?? "", status: q.status ?? "" },
    isFirst: !q.after, signedIn: Boolean(context.viewer),
  });
}

export default function Threads() {
  const { t } = useTranslation();
  const { page, total, organisations, query, isFirst, signedIn } = useLoaderData<typeof loader>();
  const nav = useNavigation();
  const loading = nav.state === "loading" && nav.location?.pathname === "/threads";
  const params = (extra: Record<string, string>) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, ...extra })) if (v) sp.set(k, v);
    return `?${sp.toString()}`;
  };
  const filtered = Boolean(query.tag || query.org || query.kind || query.status);
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("forum:threads.title")}</h1>
        {signedIn ? <Link className="button" to="/threads/new">{t("forum:threads.new")}</Link> : null}
      </div>
      <p className="lead">{t("forum:threads.intro")}</p>
      <div className="two-col">
        <div>
          <p className="meta" aria-live="polite">{t("forum:threads.count", { count: total })}</p>
          <div aria-busy={loading}>
            {page.items.length ? <ThreadList items={page.items} /> : <p>{t("forum:threads.empty")}</p>}
          </div>
          <nav className="pagination" aria-label={t("forum:threads.listLabel")}>
            {!isFirst ? <Link to={params({})}>{t("forum:threads.first")}</Link> : null}
            {page.next ? <Link to={params({ after: page.next })}>{t("forum:threads.next")}</Link> : null}
          </nav>
        </div>
        <aside className="sidebar">
          <section aria-labelledby="filter-heading">
            <h2 id="filter-heading">{t("forum:filters.heading")}</h2>
            <Form method="get" className="stack filter-form">
              <div className="field">
                <label htmlFor="f-tag">{t("forum:filters.tags")}</label>
                <p className="hint" id="f-tag-hint">{t("forum:filters.tagsHint")}</p>
                <input id="f-tag" type="text" name="tag" defaultValue={query.tag} aria-describedby="f-tag-hint" />
              </div>
              <div className="field">
                <label htmlFor="f-org">{t("forum:filters.org")}</label>
                <select id="f-org" name="org" defaultValue={query.org}>
                  <option value="">{t("forum:filters.anyOrg")}</option>
                  {organisations.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="f-kind">{t("forum:filters.kind")}</label>
                <select id="f-kind" name="kind" defaultValue={query.kind}>
                  <option value="">{t("forum:filters.anyKind")}</option>
                  <option value="question">{t("forum:kind.question")}</option>
                  <option value="discussion">{t("forum:kind.discussion")}</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="f-status">{t("forum:filters.status")}</label>
                <select id="f-status" name="status" defaultValue={query.status}>
                  <option value="">{t("forum:filters.anyStatus")}</option>
                  <option value="unanswered">{t("forum:status.unanswered")}</option>
                  <option value="solved">{t("forum:status.solved")}</option>
                </select>
              </div>
              <div className="actions">
                <button type="submit" className="button">{loading ? t("form.submitting") : t("forum:filters.apply")}</button>
                {filtered ? <Link to="/threads">{t("forum:filters.clear")}</Link> : null}
              </div>
            </Form>
            <p><Link to="/tags">{t("forum:tags.all")}</Link></p>
          </section>
        </aside>
      </div>
    </div>
  );
}
