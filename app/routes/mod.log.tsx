import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { requireViewer } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import { auditLog } from "~/moderation/audit-log.server";
import { ModNav } from "~/moderation/components/mod-nav";
import { logFilterSchema } from "~/moderation/schemas";
import { auditActionKey, auditActionLabel } from "~/moderation/audit-actions";
import href from "~/styles/moderation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Granskningslogg · Allmänning" }];
export { DeadEndBoundary as ErrorBoundary } from "~/lib/ui/dead-end";
import { notModerator } from "~/moderation/explain.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  requireViewer(request, context.viewer);
  const filter = logFilterSchema.parse(Object.fromEntries(url.searchParams));
  const r = await auditLog(domainCtx(context), filter);
  if (!r.ok) return notModerator(domainCtx(context));
  return json({ ...r.value, filter, locale: context.locale });
}

export default function AuditLogPage() {
  const { t } = useTranslation("moderation");
  const { t: tAny } = useTranslation();
  const actionName = (a: string) => auditActionLabel((k) => tAny(k), a);
  // The filter lists thread.hide and post.hide apart: the name plus the kind of item.
  const optionName = (a: string) => {
    const type = a.split(".")[0];
    return auditActionKey(a)?.startsWith("modtools:audit.content.") ? `${actionName(a)} (${t(`types.${type}`).toLowerCase()})` : actionName(a);
  };
  const { entries, facets, next, filter, locale } = useLoaderData<typeof loader>();
  const nextQuery = new URLSearchParams(Object.entries({ ...filter, before: next ?? "" }).filter(([, v]) => v) as [string, string][]);
  return (
    <div className="page">
      <ModNav />
      <h1>{t("log.title")}</h1>
      <p className="lead">{t("log.intro")}</p>
      <Form method="get" className="mod-filter">
        <div className="field">
          <label htmlFor="log-actor">{t("log.actor")}</label>
          <select id="log-actor" name="actor" defaultValue={filter.actor ?? ""}>
            <option value="">{t("log.all")}</option>
            {facets.actors.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-org">{t("log.org")}</label>
          <select id="log-org" name="org" defaultValue={filter.org ?? ""}>
            <option value="">{t("log.all")}</option>
            {facets.orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-action">{t("log.action")}</label>
          <select id="log-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("log.all")}</option>
            {facets.actions.map((a) => <option key={a} value={a}>{optionName(a)}</option>)}
          </select>
        </div>
        <button type="submit" className="button">{t("log.filter")}</button>
      </Form>
      {entries.length === 0 ? <p>{t("log.empty")}</p> : (
        <div className="table-scroll">
          <table className="mod-log">
            <caption className="visually-hidden">{t("log.caption")}</caption>
            <thead>
              <tr><th scope="col">{t("log.when")}</th><th scope="col">{t("log.actor")}</th><th scope="col">{t("log.action")}</th><th scope="col">{t("log.target")}</th><th scope="col">{t("log.org")}</th><th scope="col">{t("log.reason")}</th></tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const label = `${t(`types.${e.target_type}`, { defaultValue: e.target_type })} ${e.target_id}`;
                return (
                  <tr key={e.id}>
                    <td data-label={t("log.when")}>{formatDateTime(e.created_at, locale)}</td>
                    <td data-label={t("log.actor")}>{e.actor_name ?? "—"}</td>
                    <td data-label={t("log.action")}>{actionName(e.action)}</td>
                    <td data-label={t("log.target")}>
                      <span>
                        {e.href ? <Link to={e.href}>{label}</Link> : label}
                        {e.title ? <span className="mod-log-title"> {e.title}</span> : null}
                      </span>
                    </td>
                    <td data-label={t("log.org")}>{e.org_name ?? "—"}</td>
                    <td data-label={t("log.reason")}>{e.action.endsWith(".flag") ? t(`reasons.${e.reason}`, { defaultValue: e.reason }) : e.reason || "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {next ? <p className="pagination"><Link to={`?${nextQuery}`}>{t("log.older")}</Link></p> : null}
    </div>
  );
}
