import { createHash, randomBytes } from "node:crypto";
import type { DB } from "../../db/client";
import type { DomainCtx } from "../lib/ctx.server";
import { i18nFor } from "../lib/i18n/i18n";
import { appBaseUrl, sendMail } from "../lib/mail.server";
import { notFound } from "../lib/http.server";
import { recipientViewers } from "../notifications/notifications.repo.server";
import { canExportOwnData, type Viewer } from "../policy";
import { readableTargets } from "../policy/targets.server";
import { claimDownload, failExport, findExport, finishExport, insertExport, latestExports, setProgress, startExport } from "./exports.repo.server";
import { htmlPage, htmlSection } from "./html.server";
import * as repo from "./personal.repo.server";
import { chunkStream, zipToChunks } from "./zip.server";
import { attachmentsBy, blobBytes } from "./optional.repo.server";

export const PERSONAL_EXPORT_TASK = "personal_data_export";
/** A download link lives this long, and works once. */
export const EXPORT_LINK_DAYS = 7;
const DAY = 86_400_000;
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type ExportStatus = {
  id: string; status: string; progress: number; total: number; step: string; createdAt: string;
  finishedAt: string | null; expiresAt: string | null; downloadedAt: string | null; bytes: number; expired: boolean;
};

const toStatus = (r: Awaited<ReturnType<typeof latestExports>>[number], now: Date): ExportStatus => ({
  id: r.id, status: r.status, progress: r.progress, total: r.total, step: r.step, createdAt: r.created_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null, expiresAt: r.expires_at?.toISOString() ?? null,
  downloadedAt: r.downloaded_at?.toISOString() ?? null, bytes: Number(r.bytes), expired: Boolean(r.expires_at && r.expires_at < now),
});

/** Signed-in person: their recent export requests, newest first, with progress. */
export async function myExports(ctx: DomainCtx): Promise<ExportStatus[]> {
  if (!canExportOwnData(ctx.viewer)) notFound();
  return (await latestExports(ctx.db, "personal", ctx.viewer!.id)).map((r) => toStatus(r, ctx.now));
}

/** Signed-in person: asks for their data. Refused (busy) while an earlier request is queued or running. */
export async function requestMyExport(ctx: DomainCtx): Promise<{ ok: true; id: string } | { ok: false; reason: "busy" }> {
  if (!canExportOwnData(ctx.viewer)) notFound();
  const id = await insertExport(ctx.db, { kind: "personal", userId: ctx.viewer!.id, task: PERSONAL_EXPORT_TASK });
  return id ? { ok: true, id } : { ok: false, reason: "busy" };
}

/**
 * Signed-in owner: the zip as a stream, once. `key` is the mailed token, or the export's id from
 * the link on /settings/data (the session proves it is theirs). Anything else is not found.
 */
export async function downloadMyExport(ctx: DomainCtx, key: string): Promise<{ stream: ReadableStream<Uint8Array>; bytes: number } | null> {
  if (!canExportOwnData(ctx.viewer)) return null;
  const by = /^\d{1,18}$/.test(key) ? { id: key } : /^[A-Za-z0-9_-]{20,100}$/.test(key) ? { tokenHash: hashToken(key) } : null;
  if (!by) return null;
  const row = await claimDownload(ctx.db, by, ctx.viewer!.id, ctx.now);
  return row ? { stream: chunkStream(ctx.db, row.id), bytes: Number(row.bytes) } : null;
}

type Section = { key: string; file: string; rows: () => Promise<Record<string, unknown>[]> };

/** The person's data, section by section; other people's items are named only if the person may read them now. */
function sections(db: DB, viewer: Viewer, userId: string): Section[] {
  const ctx = { db, viewer };
  const titles = async (type: "thread" | "post" | "case", ids: string[]) => {
    const readable = await readableTargets(ctx, type, [...new Set(ids)]);
    return new Map(readable.map((t) => [t.id, t.title]));
  };
  return [
    { key: "profile", file: "profile.json", rows: async () => { const p = await repo.profileOf(db, userId); return p ? [p] : []; } },
    { key: "memberships", file: "memberships.json", rows: () => repo.membershipRows(db, userId) },
    { key: "threads", file: "threads.json", rows: () => repo.threadsBy(db, userId) },
    {
      key: "posts", file: "posts.json", rows: async () => {
        const posts = await repo.postsBy(db, userId);
        const t = await titles("thread", posts.map((p) => p.thread_id));
        return posts.map((p) => ({ ...p, thread_title: t.get(p.thread_id) ?? null }));
      },
    },
    {
      key: "revisions", file: "revisions.json", rows: async () =>
        (await repo.revisionsOfOwn(db, userId)).map(({ editor_id, ...r }) => ({ ...r, edited_by: editor_id === userId ? "self" : "other" })),
    },
    {
      key: "cases", file: "cases.json", rows: async () => {
        const cases = await repo.casesBy(db, userId);
        const readable = await titles("case", cases.map((c) => c.id));
        // A case the person can no longer read (they left its organisation) is listed by id and role only.
        return cases.map((c) => readable.has(c.id)
          ? { ...c, role: c.created_by === userId ? "author" : "contact" }
          : { id: c.id, role: c.created_by === userId ? "author" : "contact", created_at: c.created_at, readable: false });
      },
    },
    {
      key: "caseRevisions", file: "case-revisions.json", rows: async () => {
        const revs = await repo.caseRevisionsBy(db, userId);
        const t = await titles("case", revs.map((r) => r.case_id));
        return revs.map((r) => ({ ...r, case_title: t.get(r.case_id) ?? null }));
      },
    },
    {
      key: "votes", file: "votes.json", rows: async () => {
        const votes = await repo.votesBy(db, userId);
        const t = await titles("post", votes.map((v) => v.post_id));
        return votes.map((v) => ({ ...v, thread_title: t.get(v.post_id) ?? null }));
      },
    },
    {
      key: "flags", file: "flags.json", rows: async () => {
        const flags = await repo.flagsBy(db, userId);
        const out: Record<string, unknown>[] = [];
        for (const type of ["thread", "post", "case"] as const) {
          const mine = flags.filter((f) => f.target_type === type);
          const t = await titles(type, mine.map((f) => f.target_id));
          out.push(...mine.map((f) => ({ ...f, target_title: t.get(f.target_id) ?? null })));
        }
        return out;
      },
    },
    {
      key: "meToo", file: "me-too.json", rows: async () => {
        const rows = await repo.meTooBy(db, userId);
        const t = await titles("thread", rows.map((r) => r.thread_id));
        return rows.map((r) => ({ ...r, thread_title: t.get(r.thread_id) ?? null }));
      },
    },
    {
      key: "watches", file: "watches.json", rows: async () => {
        const { watches, threadWatchers } = await repo.watchesBy(db, userId);
        const threads = await titles("thread", [...watches.filter((w) => w.target_type === "thread").map((w) => w.target_id), ...threadWatchers.map((w) => w.thread_id)]);
        const cases = await titles("case", watches.filter((w) => w.target_type === "case").map((w) => w.target_id));
        const tags = new Map((await repo.tagNames(db, watches.filter((w) => w.target_type === "tag").map((w) => w.target_id))).map((t) => [t.id, t.name_sv]));
        const orgs = new Map((await repo.orgNames(db, watches.filter((w) => w.target_type === "org").map((w) => w.target_id))).map((o) => [o.id, o.name]));
        const name = (type: string, id: string) => (type === "thread" ? threads : type === "case" ? cases : type === "tag" ? tags : orgs).get(id) ?? null;
        return [
          ...watches.map((w) => ({ ...w, title: name(w.target_type, w.target_id) })),
          ...threadWatchers.map((w) => ({ target_type: "thread", target_id: w.thread_id, level: "watching", created_at: w.created_at, title: threads.get(w.thread_id) ?? null })),
        ];
      },
    },
    {
      key: "reads", file: "read-state.json", rows: async () => {
        const { reads, visits } = await repo.readStateOf(db, userId);
        const t = await titles("thread", reads.map((r) => r.thread_id));
        return [
          ...reads.map((r) => ({ kind: "thread", ...r, thread_title: t.get(r.thread_id) ?? null })),
          ...visits.map((v) => ({ kind: "thread_list_visit", ...v })),
        ];
      },
    },
    { key: "accessibilityReports", file: "accessibility-reports.json", rows: () => repo.accessibilityReportsBy(db, userId) },
    {
      key: "mail", file: "notification-settings.json", rows: async () => {
        const m = await repo.mailSettingsOf(db, userId);
        return [...m.preferences.map((p) => ({ type: "preference", ...p })), ...m.consents.map((c) => ({ type: "consent", ...c }))];
      },
    },
    { key: "sessions", file: "sessions.json", rows: () => repo.sessionsOf(db, userId) },
    {
      key: "audit", file: "audit.json", rows: async () =>
        (await repo.auditAbout(db, userId)).map(({ actor_id, ...a }) => ({ ...a, actor: actor_id === userId ? "self" : actor_id ? "administrator" : "system" })),
    },
  ];
}

/** The background job: builds the zip (progress per section), stores it, mails and shows the link. */
export async function runPersonalExport(db: DB, exportId: string, now = () => new Date()): Promise<void> {
  const row = await findExport(db, exportId);
  if (!row || row.kind !== "personal" || !row.user_id || row.status === "done" || row.status === "failed") return;
  const userId = row.user_id;
  const viewer = (await recipientViewers(db, [userId])).get(userId);
  const profile = await repo.profileOf(db, userId);
  if (!viewer || !profile) return failExport(db, exportId, "person not active", now());
  const list = sections(db, viewer, userId);
  if (!(await startExport(db, exportId, list.length, now()))) return;
  const locale = profile.locale ?? "sv";
  const t = i18nFor(locale).t;
  try {
    const token = randomBytes(32).toString("base64url");
    const html: string[] = [];
    const labels = { file: t("privacy:zip.file"), none: t("privacy:zip.none"), more: (n: number) => t("privacy:zip.more", { count: n }) };
    const result = await zipToChunks(db, exportId, async (zip) => {
      let done = 0;
      for (const s of list) {
        const rows = await s.rows();
        await zip.add(s.file, JSON.stringify(rows, null, 2));
        html.push(htmlSection(t(`privacy:zip.section.${s.key}`), t(`privacy:zip.intro.${s.key}`), s.file, rows, labels));
        await setProgress(db, exportId, ++done, s.key);
      }
      // Files the person uploaded (attachments, once that capability is merged): metadata and bytes.
      const files = await attachmentsBy(db, userId);
      await zip.add("attachments.json", JSON.stringify(files.map(({ blob_hash: _h, ...f }) => f), null, 2));
      for (const f of files) await zip.add(`attachments/${f.public_id}-${f.filename.replace(/[\\/]/g, "_")}`, blobBytes(db, f.blob_hash));
      if (files.length) html.push(htmlSection(t("privacy:zip.section.attachments"), t("privacy:zip.intro.attachments"), "attachments.json", files.map(({ blob_hash: _h, ...f }) => f), labels));
      await zip.add("index.html", htmlPage(locale, t("privacy:zip.title", { name: profile.name }), t("privacy:zip.lead", { date: now().toISOString().slice(0, 10) }), html));
    });
    const expiresAt = new Date(now().getTime() + EXPORT_LINK_DAYS * DAY);
    await finishExport(db, exportId, { ...result, tokenHash: hashToken(token), expiresAt, at: now() });
    const url = `${appBaseUrl()}/settings/data/download/${token}`;
    await sendMail(db, { to: profile.email, subject: t("privacy:mail.subject"), text: t("privacy:mail.text", { url, days: EXPORT_LINK_DAYS }) }).catch((e) => {
      console.error(`[privacy] export ${exportId}: mail not sent: ${(e as Error).message}`);
    });
  } catch (e) {
    await failExport(db, exportId, (e as Error).message, now());
    throw e;
  }
}
