import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../lib/i18n/format";
import type { Locale } from "../../lib/i18n/resources";
import { threadPath } from "../slug";
import type { ThreadListItem } from "../types";
import { TagLinks } from "./tag-links";
import { WithPersonLink } from "../../orgs/components/person-name";

/** A list of threads: title, kind/status, organisation, tags, replies and latest activity. */
export function ThreadList({ items, headingLevel = 2 }: { items: ThreadListItem[]; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="list thread-list">
      {items.map((th) => (
        <li key={th.id} className="thread-item">
          <H className="thread-title">
            <Link to={threadPath(th)}>{th.title}</Link>
          </H>
          <p className="thread-badges">
            <span className="badge">{t(`forum:kind.${th.kind}`)}</span>
            {th.kind === "question" ? (
              th.solved ? <span className="badge badge-ok">{t("forum:threads.solved")}</span> : <span className="badge badge-warn">{t("forum:threads.unsolved")}</span>
            ) : null}
            {th.visibility === "organisation" ? (
              <span className="badge badge-warn">{th.shared ? t("forum:audience.chosen") : t("forum:audience.organisation")}</span>
            ) : null}
            {th.hidden ? <span className="badge badge-danger">{t("forum:threads.hiddenBadge")}</span> : null}
          </p>
          <TagLinks tags={th.tags} />
          <p className="meta">
            {th.org.name} · <WithPersonLink text={(name) => t("forum:threads.by", { name })} name={th.author.name} handle={th.author.handle} /> · {t("forum:threads.replies", { count: th.replyCount })} ·{" "}
            {t("forum:threads.lastActivity", { date: formatDate(th.lastActivityAt, locale) })}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Threads a moderator pinned to this page (home page or a tag), above the ordinary list. */
export function PinnedThreads({ items }: { items: ThreadListItem[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section aria-labelledby="pinned-heading" className="pinned">
      <h2 id="pinned-heading">{t("forum:threads.pinnedHeading")}</h2>
      <ThreadList items={items} headingLevel={3} />
    </section>
  );
}
