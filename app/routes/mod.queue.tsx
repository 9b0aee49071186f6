import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { requireViewer } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import { ActionForm } from "~/moderation/components/action-form";
import { ModNav } from "~/moderation/components/mod-nav";
import { reviewQueue } from "~/moderation/queue.server";
import href from "~/styles/moderation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Granskningskö · Allmänning" }];
export { DeadEndBoundary as ErrorBoundary } from "~/lib/ui/dead-end";
import { notModerator } from "~/moderation/explain.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const r = await reviewQueue(domainCtx(context));
  if (!r.ok) return notModerator(domainCtx(context));
  // Most urgent first, a page at a time.
  const pages = Math.max(1, Math.ceil(r.value.length / PAGE_SIZE));
  const asked = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
  return json({ entries: r.value.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, pages, total: r.value.length, locale: context.locale });
}

const PAGE_SIZE = 25;

export default function Queue() {
  const { t } = useTranslation("moderation");
  const { entries, page, pages, total, locale } = useLoaderData<typeof loader>();
  const here = useLocation().pathname;
  const done = useSearchParams()[0].get("mod");
  return (
    <div className="page">
      <ModNav />
      <h1>{t("queue.title")}</h1>
      {done ? <p className="notice" role="status">{t(`done.${done}`, { defaultValue: "" })}</p> : null}
      <p className="lead">{t("queue.intro")}</p>
      {entries.length === 0 ? <p>{t("queue.empty")}</p> : null}
      <ol className="list mod-queue">
        {entries.map((e) => {
          const key = `${e.target.type}-${e.target.id}`;
          const common = { targetType: e.target.type, targetId: e.target.id, redirectTo: here };
          return (
            <li key={key} id={`q-${key}`} className={e.urgent ? "mod-urgent" : undefined}>
              <p className="mod-badges">
                {e.urgent ? <span className="badge badge-danger">{t("queue.urgent")}</span> : null}
                <span className="badge">{t(`types.${e.target.type}`)}</span>
                {e.target.hiddenAt ? <span className="badge badge-warn">{t("queue.hidden")}</span> : null}
                {e.reviewRequestedAt ? <span className="badge badge-brand">{t("queue.reviewRequested")}</span> : null}
              </p>
              <h2 className="mod-item-title"><Link to={e.href}>{e.target.title || t(`types.${e.target.type}`)}</Link></h2>
              <p className="meta">
                {t("queue.by", { name: e.target.authorName })} · {t("queue.in", { org: e.target.orgName })} · {formatDateTime(e.target.createdAt, locale)}
              </p>
              <blockquote className="mod-excerpt">{e.target.body.slice(0, 400)}{e.target.body.length > 400 ? " …" : ""}</blockquote>
              {e.flags.length ? (
                <>
                  <p><strong>{t("queue.flags", { count: e.flags.length })}</strong></p>
                  <ul className="mod-flags">
                    {e.flags.map((f) => (
                      <li key={f.id}>
                        <span className={f.reason === "personal_data" ? "badge badge-danger" : "badge"}>{t(`reasons.${f.reason}`)}</span>{" "}
                        {f.text ? <q>{f.text}</q> : null} <span className="meta">— {f.reporterName}, {formatDateTime(f.createdAt, locale)}</span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <div className="mod-queue-actions">
                {e.target.hiddenAt ? (
                  <ActionForm intent="restore" label={t("tools.restore")} {...common} />
                ) : (
                  <ActionForm intent="hide" label={t("tools.hide")} {...common} />
                )}
                {e.flags.length ? <ActionForm intent="dismiss" label={t("tools.dismiss")} {...common} /> : null}
                <details className="mod-details">
                  <summary>{t("tools.redact")}</summary>
                  <ActionForm intent="redact" label={t("tools.redact")} danger {...common} />
                </details>
                <p><Link to={e.href}>{t("queue.openItem")}</Link></p>
              </div>
            </li>
          );
        })}
      </ol>
      {pages > 1 ? (
        <nav className="pagination" aria-label={t("queue.pageOf", { page, pages, count: total })}>
          <p>{t("queue.pageOf", { page, pages, count: total })}</p>
          <p>
            {page > 1 ? <Link to={`?page=${page - 1}`} rel="prev">{t("queue.previousPage")}</Link> : null}
            {page > 1 && page < pages ? " · " : null}
            {page < pages ? <Link to={`?page=${page + 1}`} rel="next">{t("queue.nextPage")}</Link> : null}
          </p>
        </nav>
      ) : null}
    </div>
  );
}
