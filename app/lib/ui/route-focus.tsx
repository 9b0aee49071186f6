import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** What a form submission left behind for the page that follows it. */
type Submitted = { container: string | null; intent: string | null; postId: string | null; on: string | null; path: string };

// Controls that keep the focus they already have when a page arrives (an input a page focuses
// itself, or the link that was followed in the header, which survives the navigation).
const keepsFocus = (el: Element | null) => Boolean(el && el !== document.body && el.closest("main") && el.matches("input, textarea, select"));

function focusQuietly(el: HTMLElement | null) {
  if (!el) return false;
  if (!el.matches("a[href], button, input, select, textarea, [tabindex]")) el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: true });
  return document.activeElement === el;
}

/** The submit button of the form with this intent (and reply) inside the container, after the page re-rendered. */
function controlFor(container: HTMLElement, s: Submitted): HTMLElement | null {
  for (const form of Array.from(container.querySelectorAll("form"))) {
    const intent = form.querySelector<HTMLInputElement>("input[name=intent]")?.value ?? null;
    if (intent !== s.intent) continue;
    const button = form.querySelector<HTMLElement>("button[type=submit], button:not([type])");
    if (button) return button;
  }
  return null;
}

/**
 * The shell's focus manager and its one polite live region (WCAG 2.4.3, 4.1.3). With
 * JavaScript, after a client-side navigation to another page focus moves to the page's h1 and
 * the new title is announced; after a form on the page posts and comes back (reply, edit, vote,
 * accept), focus lands on the result (the new reply, or the same control in its new state) and
 * a status message is announced. The region is aria-live without role=status, so a page's own
 * status message stays the only status on the page. Without JavaScript the browser does all of
 * this itself: a full page load starts at the top, and replies redirect to their #anchor.
 */
export function RouteFocus() {
  const { t } = useTranslation("ux");
  const location = useLocation();
  const navigation = useNavigation();
  const [message, setMessage] = useState("");
  const submitted = useRef<Submitted | null>(null);
  const posting = useRef(false);
  const previous = useRef<{ path: string; search: string } | null>(null);

  // The form that is posting, read from the submit event (fetcher forms never move the page, so a
  // stale record is dropped when the next page is not its own).
  useEffect(() => {
    const onSubmit = (e: SubmitEvent) => {
      const form = e.target as HTMLFormElement;
      if ((form.method || "get").toLowerCase() === "get") return;
      const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? null;
      const container = form.closest<HTMLElement>("article[id], section[id]")?.id ?? null;
      submitted.current = { container, intent: field("intent"), postId: field("postId"), on: field("on"), path: window.location.pathname };
    };
    document.addEventListener("submit", onSubmit);
    return () => document.removeEventListener("submit", onSubmit);
  }, []);

  useEffect(() => {
    const before = previous.current;
    previous.current = { path: location.pathname, search: location.search };
    if (!before) return; // the first page: the browser loaded it, focus starts at the top
    // Only a page-level submission (never a fetcher's) has a result to land on.
    const s = posting.current ? submitted.current : null;
    submitted.current = null;
    const samePage = before.path === location.pathname;
    let say = "";
    // A submission that failed validation comes back to the same address with a new location key:
    // the page's error summary (role=alert, announced by itself) has taken the focus and keeps it.
    const summary = document.querySelector<HTMLElement>("main .error-summary");
    if (s && samePage && summary) {
      if (!summary.contains(document.activeElement)) focusQuietly(summary);
      return;
    }
    if (s && samePage && s.path === location.pathname) {
      say = announceFor(t, s);
      const byHash = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
      const container = s.container ? document.getElementById(s.container) : null;
      // An edit closes its edit box: the updated post itself is the result. A vote or an accept
      // leaves the same control in its new state (an accepted reply moves, keeping its id).
      const editing = s.intent === "editPost" || s.intent === "editThread";
      const candidates = [byHash, container && !editing ? controlFor(container, s) : null, container, document.querySelector<HTMLElement>("main h1")];
      candidates.some((el) => focusQuietly(el));
    } else if (samePage && before.search === location.search) {
      // Only the #fragment changed (skip link, jump link, permalink): the browser scrolled;
      // move focus there too so the next Tab continues from it.
      if (location.hash) focusQuietly(document.getElementById(decodeURIComponent(location.hash.slice(1))));
      return;
    } else {
      // The new page's title is read when the message is set, after its <title> has changed.
      if (!keepsFocus(document.activeElement)) focusQuietly(document.querySelector<HTMLElement>("main h1"));
    }
    // Clear, then set on the next frame, so the same message twice is announced twice.
    setMessage("");
    const id = window.setTimeout(() => setMessage(say || document.title), 60);
    return () => window.clearTimeout(id);
    // location.key: a post that redirects back to the same address is a new location too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);

  // Once the page is idle the submission's record is dropped, so a later #fragment change is not
  // mistaken for a result.
  useEffect(() => {
    if (navigation.state === "submitting") posting.current = true;
    if (navigation.state === "idle") {
      posting.current = false;
      submitted.current = null;
    }
  }, [navigation.state]);

  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-route-announcer="">
      {message}
    </div>
  );
}

function announceFor(t: (k: string) => string, s: Submitted): string {
  switch (s.intent) {
    case "reply": return t("ux:announce.replied");
    case "editThread": case "editPost": return t("ux:announce.edited");
    case "vote": return t(s.on === "0" ? "ux:announce.unvoted" : "ux:announce.voted");
    case "accept": return t(s.postId ? "ux:announce.accepted" : "ux:announce.unaccepted");
    case "haveToo": return t(s.on === "0" ? "ux:announce.haveTooOff" : "ux:announce.haveTooOn");
    // Anything else (a language switch, an adoption, a moderator's action): the page's title,
    // and the page's own status message if it shows one.
    default: return "";
  }
}
