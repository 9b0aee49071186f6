import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { requireViewer } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import { ActionForm } from "~/moderation/components/action-form";
import { myNotices } from "~/moderation/notices.server";
import href from "~/styles/moderation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Mina moderationsbesked · Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  return json({ notices: await myNotices(domainCtx(context)), locale: context.locale });
}

/** An author's view of what moderators did to their items and why; hidden items can ask for review. */
export default function Notices() {
  const { t } = useTranslation("moderation");
  const { notices, locale } = useLoaderData<typeof loader>();
  const done = useSearchParams()[0].get("mod");
  return (
    <div className="page prose">
      <h1>{t("notices.title")}</h1>
      {done ? <p className="notice" role="status">{t(`done.${done}`, { defaultValue: "" })}</p> : null}
      <p className="lead">{t("notices.intro")}</p>
      {notices.length === 0 ? <p>{t("notices.empty")}</p> : null}
      <ul className="list">
        {notices.map((n) => (
          <li key={n.id} id={`notice-${n.id}`}>
            <p className="mod-badges">
              <span className={n.kind === "hidden" ? "badge badge-warn" : "badge"}>{n.kind === "moved" || n.kind === "merged" ? t(`modtools:notices.${n.kind}`) : t(`notices.kind.${n.kind}`)}</span>{" "}
              <span className="meta">{t(`types.${n.targetType}`)} · {formatDateTime(n.createdAt, locale)}</span>
            </p>
            <h2 className="mod-item-title">{n.href ? <Link to={n.href}>{n.title}</Link> : t("notices.gone")}</h2>
            {n.reason ? <p>{t("notices.reasonLabel", { reason: n.reason })}</p> : null}
            {n.kind === "hidden" && n.reviewRequestedAt ? <p className="meta">{t("notices.requested", { date: formatDateTime(n.reviewRequestedAt, locale) })}</p> : null}
            {n.kind === "hidden" && n.stillHidden && !n.reviewRequestedAt ? (
              <ActionForm intent="request_review" label={t("tools.requestReview")} targetType={n.targetType} targetId={n.targetId} redirectTo="/mod/notices" />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
