import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { requireViewer } from "~/lib/http.server";
import { formatDate } from "~/lib/i18n/format";
import { ActionForm } from "~/moderation/components/action-form";
import { ModNav } from "~/moderation/components/mod-nav";
import { healthQueue } from "~/moderation/queue.server";
import href from "~/styles/moderation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Innehållets hälsa · Allmänning" }];
export { DeadEndBoundary as ErrorBoundary } from "~/lib/ui/dead-end";
import { notModerator } from "~/moderation/explain.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const r = await healthQueue(domainCtx(context));
  if (!r.ok) return notModerator(domainCtx(context));
  return json({ entries: r.value, locale: context.locale });
}

export default function Health() {
  const { t } = useTranslation("moderation");
  const { entries, locale } = useLoaderData<typeof loader>();
  const here = useLocation().pathname;
  const done = useSearchParams()[0].get("mod");
  return (
    <div className="page">
      <ModNav />
      <h1>{t("health.title")}</h1>
      {done ? <p className="notice" role="status">{t(`done.${done}`, { defaultValue: "" })}</p> : null}
      <p className="lead">{t("health.intro")}</p>
      {entries.length === 0 ? <p>{t("health.empty")}</p> : null}
      <ul className="list">
        {entries.map((e) => (
          <li key={`${e.target.type}-${e.target.id}`}>
            <p className="mod-badges">
              <span className="badge">{t(`types.${e.target.type}`)}</span>
              {e.overdue && e.target.reviewBy ? <span className="badge badge-warn">{t("health.overdue", { date: formatDate(e.target.reviewBy, locale) })}</span> : null}
            </p>
            <h2 className="mod-item-title"><Link to={e.href}>{e.target.title}</Link></h2>
            <p className="meta">{t("queue.in", { org: e.target.orgName })}</p>
            {e.target.outdatedNote ? <p>{t("health.outdated", { note: e.target.outdatedNote })}</p> : null}
            {e.target.outdatedNote ? (
              <ActionForm intent="clear_outdated" label={t("tools.clearOutdated")} targetType={e.target.type} targetId={e.target.id} redirectTo={here} />
            ) : (
              <details className="mod-details">
                <summary>{t("tools.markOutdated")}</summary>
                <ActionForm intent="mark_outdated" label={t("tools.markOutdated")} targetType={e.target.type} targetId={e.target.id} redirectTo={here} />
              </details>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
