import type { DomainCtx } from "../lib/ctx.server";
import { formError, type FieldErrors } from "../lib/forms.server";
import { notFound } from "../lib/http.server";
import { canEditOwnSettings } from "../policy";
import { passwordHashOf, setPasswordHash } from "../orgs/people.repo.server";
import { endAllSessions, endSession, listSessions } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";

/** Signed-in person: their open sessions, newest first, marking the current one. */
export async function listMySessions(ctx: DomainCtx, currentSessionId: string | null) {
  if (!canEditOwnSettings(ctx.viewer)) notFound();
  const sessions = await listSessions(ctx.viewer!.id);
  return sessions
    .map((s) => ({
      id: s.id,
      createdAt: (s.createdAt ?? s.expiresAt).toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      userAgent: s.userAgent ?? "",
      current: s.id === currentSessionId,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Signed-in person: ends one of their own sessions (another person's id does nothing). */
export async function endMySession(ctx: DomainCtx, sessionId: string): Promise<void> {
  if (!canEditOwnSettings(ctx.viewer)) notFound();
  const mine = await listSessions(ctx.viewer!.id);
  if (mine.some((s) => s.id === sessionId)) await endSession(sessionId);
}

/** Signed-in person: signs out everywhere, this browser included. */
export async function endAllMySessions(ctx: DomainCtx): Promise<void> {
  if (!canEditOwnSettings(ctx.viewer)) notFound();
  await endAllSessions(ctx.viewer!.id);
}

/** Signed-in person: changes their password after proving the current one; other sessions end. */
export async function changePassword(
  ctx: DomainCtx,
  input: { currentPassword: string; newPassword: string },
  currentSessionId: string | null,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  if (!canEditOwnSettings(ctx.viewer)) notFound();
  const stored = (await passwordHashOf(ctx.db, ctx.viewer!.id))?.password_hash;
  if (!stored || !(await verifyPassword(stored, input.currentPassword))) return { ok: false, errors: formError("currentPassword", "account:settings.wrongPassword") };
  await setPasswordHash(ctx.db, ctx.viewer!.id, await hashPassword(input.newPassword));
  for (const s of await listSessions(ctx.viewer!.id)) if (s.id !== currentSessionId) await endSession(s.id);
  return { ok: true };
}
