import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ThreadList } from "~/forum/components/thread-list";
import { countThreads, listThreads } from "~/forum/threads.server";
import { newSinceForViewer } from "~/forum/reads.server";
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
  sort: z.enum(["activity", "newest", "votes"]).optional().catch(undefined),
  show: z.enum(["mine", "watching"]).optional().catch(undefined),
  view: z.enum(["compact"]).optional().catch(undefined),
});

const SORTS = ["activity", "newest", "votes"] as const;
const SHOWS = ["", "mine", "watching"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const sp = new URL(request.url).searchParams;
  const q = filterSchema.parse({
    tag: sp.getAll("tag").join(",") || undefined, org: sp.get("org") || undefined,
    kind: sp.get("kind") || undefined, status: sp.get("status") || undefined, after: sp.get("after") || undefined,
    sort: sp.get("sort") || undefined, show: sp.get("show") || undefined, view: sp.get("view") || undefined,
  });
  const ctx = domainCtx(context);
  const organisations = await listOrganisations(ctx);
  const org = organisations.find((o) => o.slug === q.org);
  const tags = (q.tag ?? "").split(",").map((x) => x.trim()).filter(Boolean).slice(0, 5);
  const filters: ThreadFilters = { tags, orgId: org?.id, kind: q.kind, status: q.status, mine: q.show === "mine", watching: q.show === "watching" };
  const sort = q.sort ?? "activity";
  // Every look at the list moves the viewer's visit; "Ny" counts from the previous one.
  const newSince = await newSinceForViewer(ctx);
  const [page, total] = await Promise.all([listThreads(ctx, filters, q.after, undefined, { sort, newSince }), countThreads(ctx, filters)]);
  return json({
    page, total, organisations: organisations.map((o) => ({ slug: o.slug, name: o.name })),
    query: {
      tag: tags.join(", "), org: org?.slug ?? "", kind: q.kind ?? "", status: q.status ?? "",
      sort: sort === "activity" ? "" : sort, show: context.viewer ? q.show ?? "" : "", view: q.view ?? "",
    },
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
  const filtered = Boolean(query.tag || query.org || query.kind || query.status || query.show);
  const compact = query.view === "compact";
  return (
    <div className={compact ? "page page-compact" : "page"}>
      <div className="page-head">
        <h1>{t("forum:threads.title")}</h1>
        {signedIn ? <Link className="button" to="/threads/new">{t("forum:threads.new")}</Link> : null}
      </div>
      {compact ? null : <p className="lead">{t("forum:threads.intro")}</p>}
      <div className="two-col">
        <div>
          <nav className="list-toolbar" aria-label={t("lists:toolbar")}>
            <div>
              <span className="toolbar-label" id="sort-label">{t("lists:sort.label")}:</span>
              <ul aria-labelledby="sort-label">
                {SORTS.map((s) => (
                  <li key={s}>
                    <Link to={params({ sort: s === "activity" ? "" : s })} aria-current={(query.sort || "activity") === s ? "page" : undefined}>{t(`lists:sort.${s}`)}</Link>
                  </li>
                ))}
              </ul>
            </div>
            {signedIn ? (
              <div>
                <span className="toolbar-label" id="show-label">{t("lists:show.label")}:</span>
                <ul aria-labelledby="show-label">
                  {SHOWS.map((s) => (
                    <li key={s || "all"}>
                      <Link to={params({ show: s })} aria-current={query.show === s ? "page" : undefined}>{t(`lists:show.${s || "all"}`)}</Link>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div>
              <span className="toolbar-label" id="view-label">{t("lists:view.label")}:</span>
              <ul aria-labelledby="view-label">
                <li><Link to={params({ view: "" })} aria-current={!compact ? "page" : undefined}>{t("lists:view.full")}</Link></li>
                <li><Link to={params({ view: "compact" })} aria-current={compact ? "page" : undefined}>{t("lists:view.compact")}</Link></li>
              </ul>
            </div>
          </nav>
          <p className="meta" aria-live="polite">{t("forum:threads.count", { count: total })}</p>
          <div aria-busy={loading}>
            {page.items.length ? <ThreadList items={page.items} compact={compact} /> : <p>{t("forum:threads.empty")}</p>}
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
              {/* The toolbar's choices travel with the filters. */}
              {query.sort ? <input type="hidden" name="sort" value={query.sort} /> : null}
              {query.show ? <input type="hidden" name="show" value={query.show} /> : null}
              {query.view ? <input type="hidden" name="view" value={query.view} /> : null}
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
