import { z } from "zod";
import type { DomainCtx } from "../lib/ctx.server";
import { findLoginUser } from "../orgs/people.repo.server";
import { startSession } from "./lucia.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";

export const loginSchema = z.object({
  email: z.string().trim().min(1).max(254).email(),
  password: z.string().min(1).max(128),
  redirectTo: z.string().optional(),
});

export type LoginResult = { ok: true; setCookie: string } | { ok: false };

/**
 * Anyone: checks the password and starts a session. An unknown email, a wrong password and a
 * deactivated account give the same answer after the same work (one argon2 verification).
 */
export async function login(ctx: DomainCtx, input: { email: string; password: string; userAgent?: string }): Promise<LoginResult> {
  const user = await findLoginUser(ctx.db, input.email);
  const valid = user?.password_hash
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid || user.deactivated_at) return { ok: false };
  return { ok: true, setCookie: await startSession(user.id, input.userAgent) };
}
