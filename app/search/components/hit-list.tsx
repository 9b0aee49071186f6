import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/i18n/format";
import { VisibilityBadge } from "~/lib/ui/visibility-badge";
import type { HitView } from "../search.server";

type Hit = Omit<HitView, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string };

/**
 * Results. Titles and snippets are HTML built by the engine from escaped text with only <mark>
 * added (checked again in search/postgres/search.ts), so they are rendered as HTML.
 */
export function HitList({ hits }: { hits: Hit[] }) {
  const { t } = useTranslation();
  const locale = (useRouteLoaderData("root") as { locale?: "sv" | "en" } | undefined)?.locale ?? "sv";
  return (
    <ol className="list hit-list">
      {hits.map((h) => (
        <li key={`${h.type}-${h.id}`} className="hit">
          <article>
            <p className="hit-kind">
              <span className={`badge ${h.kind === "case" ? "badge-brand" : ""}`}>{t(`search:kind.${h.kind}`)}</span>
              {h.solved && h.type === "thread" ? <span className="badge badge-ok">{t("search:solved")}</span> : null}
              {h.accepted ? <span className="badge badge-ok">{t("search:acceptedAnswer")}</span> : null}
              {h.org ? <VisibilityBadge audience={{ visibility: h.visibility, orgName: h.org.name, sharedNames: h.sharedWith }} /> : null}
            </p>
            <h3 className="hit-title">
              {h.type === "post" ? (
                <Link to={h.path}>{t("search:replyIn", { title: h.parentTitle })}</Link>
              ) : (
                <Link to={h.path} dangerouslySetInnerHTML={{ __html: h.titleHtml || h.title }} />
              )}
            </h3>
            {h.attachment ? (
              <p className="snippet snippet-attachment">
                <span className="snippet-source">{t("attachments:search.inAttachment", { filename: h.attachment.filename })}</span>{" "}
                <span dangerouslySetInnerHTML={{ __html: h.attachment.snippetHtml }} />
              </p>
            ) : h.snippetHtml ? (
              <p className="snippet" dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />
            ) : null}
            <p className="meta">
              {h.author ? <><Link to={`/u/${h.author.handle}`}>{h.author.name}</Link> · </> : null}
              {h.org ? <>{h.org.name} · </> : null}
              {h.status ? <>{t(`search:status.${h.status}`)} · </> : null}
              {h.kind !== "case" ? <>{t("search:replies", { count: h.replyCount })} · </> : null}
              {t("search:updated", { date: formatDate(h.updatedAt, locale) })}
            </p>
            {h.tagLabels.length ? (
              <ul className="tags" aria-label={t("search:facet.tag")}>
                {h.tagLabels.map((tag) => <li key={tag.slug}><Link className="tag" to={`/search?tag=${encodeURIComponent(tag.slug)}`}>{tag.name}</Link></li>)}
              </ul>
            ) : null}
          </article>
        </li>
      ))}
    </ol>
  );
}
