import type { DB } from "../../db/client";
import { readableNotifications } from "../notifications/notifications.server";
import { preferencesOf } from "../notifications/preferences.server";
import { recipientViewers } from "../notifications/notifications.repo.server";
import type { NotificationItem } from "../notifications/types";
import { formatDate } from "../lib/i18n/format";
import { isLocale, type Locale } from "../lib/i18n/resources";
import type { Viewer } from "../policy";
import type { DigestPayload } from "./digest.server";
import { titlesOf } from "./digest.repo.server";
import { readChecker } from "./items.server";
import { findMail, finishMail } from "./outbox.repo.server";
import { renderMail, translator, type MailLine, type MailSection } from "./render.server";
import { deliver, PermanentMailError, type MailConfig, type OutgoingMail } from "./transport.server";
import type { MailPreferences } from "./types";

export type SendResult = "sent" | "skipped" | "failed" | "done-before";

/**
 * The send job: one queued mail, built at send time from what the recipient may read *now* (an
 * item no longer readable is left out; nothing left → no mail) and sent. A permanent refusal
 * (5xx) marks the mail failed and ends the job, so a bounce never blocks anything; a server that
 * is down throws, and graphile-worker retries with backoff. Idempotent: a finished mail is not resent.
 */
export async function sendQueuedMail(db: DB, cfg: MailConfig, id: string, now = new Date()): Promise<SendResult> {
  const m = await findMail(db, id);
  if (!m || m.sent_at || m.skipped_at || m.failed_at) return "done-before";
  const viewer = (await recipientViewers(db, [m.user_id])).get(m.user_id) ?? null;
  const prefs = (await preferencesOf(db, [m.user_id])).get(m.user_id)!;
  const locale: Locale = isLocale(m.locale) ? m.locale : "sv";
  const built = viewer
    ? m.type === "notification"
      ? await notificationMail(db, cfg, viewer, prefs, locale, m.payload as { notificationId: string }, now)
      : await digestMail(db, cfg, viewer, prefs, locale, m.payload as DigestPayload, now)
    : null;
  if (!built) {
    await finishMail(db, id, "skipped", now, viewer ? "nothing readable or wanted" : "not an active member");
    return "skipped";
  }
  try {
    await deliver(db, cfg, { ...built, to: m.email });
  } catch (e) {
    if (!(e instanceof PermanentMailError)) throw e;
    await finishMail(db, id, "failed", now, e.message.slice(0, 500));
    return "failed";
  }
  await finishMail(db, id, "sent", now);
  return "sent";
}

const ctxOf = (db: DB, viewer: Viewer, now: Date) => ({ db, viewer, now });

function lineOf(t: ReturnType<typeof translator>, n: NotificationItem): MailLine {
  const d = n.data as { orgName?: string; reason?: string; name?: string };
  const text = t(`notifications:kind.${n.kind}`, { count: n.kind === "helpful_vote" ? n.count : 1, title: n.title ?? "", actor: n.actorName ?? "", org: d.orgName ?? "", name: d.name ?? "", context: d.reason });
  return { text, href: n.href };
}

async function notificationMail(db: DB, cfg: MailConfig, viewer: Viewer, prefs: MailPreferences, locale: Locale, p: { notificationId: string }, now: Date): Promise<Omit<OutgoingMail, "to"> | null> {
  const [n] = await readableNotifications(ctxOf(db, viewer, now), [String(p.notificationId)]);
  if (!n || prefs[n.kind] !== "immediately") return null;
  const t = translator(locale);
  const line = lineOf(t, n);
  return renderMail(cfg, {
    to: viewer.email, userId: viewer.id, locale, subject: line.text, sections: [{ heading: null, lines: [{ text: t("mail:open"), href: line.href }] }],
    intro: line.text, why: t("mail:footer.why", { reason: t(`mail:kindLabel.${n.kind}`) }), scope: n.kind, now,
  });
}

async function digestMail(db: DB, cfg: MailConfig, viewer: Viewer, prefs: MailPreferences, locale: Locale, p: DigestPayload, now: Date): Promise<Omit<OutgoingMail, "to"> | null> {
  const t = translator(locale);
  const canRead = readChecker(db);
  const notifications = (await readableNotifications(ctxOf(db, viewer, now), p.notificationIds)).filter((n) => prefs[n.kind] === p.cadence);
  const keep = async (type: "thread" | "case", ids: string[]) => {
    const out: string[] = [];
    for (const id of ids) if (await canRead(viewer, { type, id })) out.push(id);
    return out;
  };
  const routed = await keep("thread", p.routed);
  const open = await keep("thread", p.openQuestions);
  const bestThreads = await keep("thread", p.bestPractice.filter((b) => b.type === "thread").map((b) => b.id));
  const bestCases = await keep("case", p.bestPractice.filter((b) => b.type === "case").map((b) => b.id));
  const newCases = await keep("case", p.newCases ?? []);
  const adoptedCases = await keep("case", p.adoptedCases ?? []);
  const titles = await titlesOf(db, [...routed, ...open, ...bestThreads], [...bestCases, ...newCases, ...adoptedCases]);
  const lines = (ids: string[], m: Map<string, { title: string; href: string }>) => ids.flatMap((id) => (m.has(id) ? [{ text: m.get(id)!.title, href: m.get(id)!.href }] : []));
  const sections: MailSection[] = [
    { heading: t("mail:digest.notifications"), lines: notifications.map((n) => lineOf(t, n)) },
    { heading: t("mail:digest.routed"), lines: lines(routed, titles.threads) },
    { heading: t("mail:digest.openQuestions"), lines: lines(open, titles.threads) },
    { heading: t("mail:digest.newCases"), lines: lines(newCases, titles.cases) },
    { heading: t("mail:digest.adoptedCases"), lines: lines(adoptedCases, titles.cases) },
    { heading: t("mail:digest.bestPractice"), lines: [...lines(bestThreads, titles.threads), ...lines(bestCases, titles.cases)] },
  ].filter((s) => s.lines.length);
  if (!sections.length) return null; // never an empty digest
  return renderMail(cfg, {
    to: viewer.email, userId: viewer.id, locale, subject: t(`mail:digest.subject_${p.cadence}`), intro: t("mail:digest.intro", { since: formatDate(p.since, locale) }),
    sections, why: t(`mail:footer.whyDigest_${p.cadence}`), scope: `digest:${p.cadence}`, now,
  });
}
