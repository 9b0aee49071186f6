import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { requireViewer } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import { recentDisposals } from "~/moderation/audit-log.server";
import { ModNav } from "~/moderation/components/mod-nav";
import href from "~/styles/moderation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Gallring · Allmänning" }];
export { DeadEndBoundary as ErrorBoundary } from "~/lib/ui/dead-end";
import { notModerator } from "~/moderation/explain.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const r = await recentDisposals(domainCtx(context));
  if (!r.ok) return notModerator(domainCtx(context));
  return json({ disposals: r.value, locale: context.locale });
}

/** Network admins: gallring under a disposal decision — the only hard delete, always logged. */
export default function Gallring() {
  const { t } = useTranslation("moderation");
  const { disposals, locale } = useLoaderData<typeof loader>();
  const done = useSearchParams()[0].get("mod");
  return (
    <div className="page prose">
      <ModNav />
      <h1>{t("gallring.title")}</h1>
      <p className="lead">{t("gallring.intro")}</p>
      {done ? <p className="notice" role="status">{t(`done.${done}`, { defaultValue: "" })}</p> : null}
      <p>{t("confirm:gallring.fromItem")}</p>
      <h2>{t("gallring.recent")}</h2>
      {disposals.length === 0 ? <p>{t("gallring.none")}</p> : (
        <ul className="list">
          {disposals.map((d) => (
            <li key={d.id}>
              {t("gallring.row", {
                type: t(`types.${d.target_type}`), id: d.target_id, title: d.title, org: d.org_name ?? "—", ref: d.decision_ref,
                name: d.disposed_by_name, date: formatDateTime(d.disposed_at, locale),
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
