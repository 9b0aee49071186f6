import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatShortDate } from "../../lib/i18n/format";
import type { Locale } from "../../lib/i18n/resources";
import { VisibilityBadge } from "../../lib/ui/visibility-badge";
import { threadPath } from "../slug";
import type { ThreadListItem } from "../types";
import { TagLinks } from "./tag-links";
import { WithPersonLink } from "../../orgs/components/person-name";

const audienceOf = (th: ThreadListItem) => ({ visibility: th.visibility, orgName: th.org.name, sharedNames: th.sharedWith, shared: th.shared });

/** "Lina Östman" → "LÖ": the compact list's avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)!] : words;
  return letters.map((w) => Array.from(w)[0]?.toLocaleUpperCase("sv") ?? "").join("") || "?";
}

/** "Ny" and "N nya svar" for the signed-in reader: text, not colour alone. */
function ReadMarkers({ th }: { th: ThreadListItem }) {
  const { t } = useTranslation();
  return (
    <>
      {th.isNew ? <span className="badge badge-new">{t("lists:markers.new")}</span> : null}
      {th.newReplies > 0 ? <span className="badge badge-unread">{t("lists:markers.newReplies", { count: th.newReplies })}</span> : null}
    </>
  );
}

/** A list of threads: title, kind/status, who can read it, tags, replies and latest activity; `compact` fits many more rows. */
export function ThreadList({ items, headingLevel = 2, compact = false }: { items: ThreadListItem[]; headingLevel?: 2 | 3; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const H = headingLevel === 2 ? "h2" : "h3";
  if (compact) {
    return (
      <ul className="list thread-list thread-list-compact">
        {items.map((th) => (
          <li key={th.id} className={`thread-row${th.isNew || th.newReplies ? " thread-row-unread" : ""}`}>
            <span className="avatar" aria-hidden="true" title={th.author.name}>{initials(th.author.name)}</span>
            <span className="thread-row-main">
              <H className="thread-title"><Link to={threadPath(th)}>{th.title}</Link></H>
              <span className="thread-row-badges">
                <ReadMarkers th={th} />
                {th.kind === "question" ? (
                  th.solved ? <span className="badge badge-ok">{t("forum:threads.solved")}</span> : <span className="badge badge-warn">{t("forum:threads.unsolved")}</span>
                ) : <span className="badge">{t("forum:kind.discussion")}</span>}
                <VisibilityBadge audience={audienceOf(th)} />
                {th.hidden ? <span className="badge badge-danger">{t("forum:threads.hiddenBadge")}</span> : null}
                <span className="visually-hidden">{t("lists:compact.author", { name: th.author.name })}</span>
              </span>
            </span>
            <span className="thread-row-stat thread-row-replies">{t("lists:compact.replies", { count: th.replyCount })}</span>
            <span className="thread-row-stat">{t("lists:compact.readers", { count: th.readers })}</span>
            <span className="thread-row-stat thread-row-date">
              <time dateTime={th.lastActivityAt}>{formatShortDate(th.lastActivityAt, locale)}</time>
            </span>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ul className="list thread-list">
      {items.map((th) => (
        <li key={th.id} className="thread-item">
          <H className="thread-title">
            <Link to={threadPath(th)}>{th.title}</Link>
          </H>
          <p className="thread-badges">
            <ReadMarkers th={th} />
            <span className="badge">{t(`forum:kind.${th.kind}`)}</span>
            {th.kind === "question" ? (
              th.solved ? <span className="badge badge-ok">{t("forum:threads.solved")}</span> : <span className="badge badge-warn">{t("forum:threads.unsolved")}</span>
            ) : null}
            <VisibilityBadge audience={audienceOf(th)} />
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
