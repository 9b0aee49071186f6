import { Link, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLiveState } from "./live-client";

/**
 * The header bell. Its count is never in the HTML (pages may be served from the page cache, see
 * docs/decisions/2026-12-02-domain-events.md): it is filled from /notifications/count and kept
 * current by the live stream. Without JavaScript it is a link to /notifications, which always
 * shows the current state.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const live = useLiveState();
  const location = useLocation();
  // Whichever is newest wins: the stream's state, or a fetch on every navigation (marking read
  // happens through a page, and the stream may be reconnecting).
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (typeof live?.unread === "number") setCount(live.unread);
  }, [live]);
  useEffect(() => {
    let gone = false;
    fetch("/notifications/count", { headers: { Accept: "application/json" }, cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .then((d: { unread?: number } | null) => !gone && typeof d?.unread === "number" && setCount(d.unread))
      .catch(() => undefined);
    return () => {
      gone = true;
    };
  }, [location.key]);
  // The live region speaks only when the count changes while the page is open, not on every load.
  const [announce, setAnnounce] = useState("");
  const [previous, setPrevious] = useState<number | null>(null);
  useEffect(() => {
    if (count === null) return;
    if (previous !== null && count !== previous) setAnnounce(count ? t("notifications:bell.announce", { count }) : "");
    setPrevious(count);
  }, [count, previous, t]);
  const label = count ? t("notifications:bell.labelCount", { count }) : t("notifications:bell.label");
  return (
    <>
      <Link to="/notifications" className="bell" aria-label={label} data-unread={count ?? ""}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {count ? <span className="bell-count" aria-hidden="true">{count > 99 ? "99+" : count}</span> : null}
      </Link>
      <span className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announce}
      </span>
    </>
  );
}
