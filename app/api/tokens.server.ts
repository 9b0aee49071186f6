import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { DomainCtx } from "../lib/ctx.server";
import { EXPIRY_DAYS } from "./constants";
export { EXPIRY_DAYS };
import type { FieldErrors } from "../lib/forms.server";
import { canManageApiTokens, scopeAllows, type ApiScope, type Viewer } from "../policy";
import { recordAudit } from "../moderation/audit.server";
import { countActiveTokens, findBearer, insertApiToken, revokeAllOf, revokeOwnToken, tokensOfUser, touchToken } from "./tokens.repo.server";
import type { Transaction } from "kysely";
import type { Database } from "../../db/types";

// Personal access tokens (docs/decisions/2026-12-02-api.md). A token is `allm_` + 43 URL-safe
// characters (256 random bits); only SHA-256("api:" + token) is stored, so a database copy holds
// nothing that signs in. Shown once, when made.

export const TOKEN_PREFIX = "allm_";
const TOKEN_SHAPE = /^allm_[A-Za-z0-9_-]{43}$/;
export const MAX_ACTIVE_TOKENS = 20;

export const apiTokenHash = (token: string) => createHash("sha256").update(`api:${token}`).digest("hex");

export const createTokenSchema = z.object({
  name: z.string({ required_error: "form.required" }).trim().min(1, "form.required").max(80),
  scope: z.enum(["read", "write"], { errorMap: () => ({ message: "api:tokens.errors.scope" }) }),
  expiresInDays: z.coerce.number().refine((n) => (EXPIRY_DAYS as readonly number[]).includes(n), "api:tokens.errors.expiry"),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export type TokenView = { id: string; name: string; scope: ApiScope; createdAt: string; expiresAt: string; lastUsedAt: string | null; revokedAt: string | null; active: boolean };

/** Signed-in person: a new token of theirs, returned once (only its hash is kept). Audited. */
export async function createApiToken(ctx: DomainCtx, input: CreateTokenInput): Promise<{ ok: true; token: string; id: string } | { ok: false; errors: FieldErrors }> {
  if (!canManageApiTokens(ctx.viewer)) return { ok: false, errors: { _form: [{ key: "api:tokens.errors.signIn" }] } };
  const viewer = ctx.viewer!;
  const parsed = createTokenSchema.safeParse(input);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const i of parsed.error.issues) {
      const key = /^[a-z]+[:.][\w.:]+$/i.test(i.message) ? i.message : i.code === "too_big" ? "form.tooLong" : "form.invalid";
      (errors[String(i.path[0] ?? "_form")] ??= []).push({ key, params: i.code === "too_big" ? { max: 80 } : undefined });
    }
    return { ok: false, errors };
  }
  if ((await countActiveTokens(ctx.db, viewer.id, ctx.now)) >= MAX_ACTIVE_TOKENS) return { ok: false, errors: { _form: [{ key: "api:tokens.errors.tooMany", params: { max: MAX_ACTIVE_TOKENS } }] } };
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const d = parsed.data;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertApiToken(trx, { userId: viewer.id, name: d.name, tokenHash: apiTokenHash(token), scope: d.scope, expiresAt: new Date(ctx.now.getTime() + d.expiresInDays * 86400_000), at: ctx.now });
    await recordAudit(trx, { actorId: viewer.id, action: "api.token_created", targetType: "api_token", targetId: id, orgId: viewer.primaryOrgId, details: { name: d.name, scope: d.scope, expiresInDays: d.expiresInDays } });
    return id;
  });
  return { ok: true, token, id };
}

/** Signed-in person: their own tokens, newest first (never the token itself). */
export async function listApiTokens(ctx: DomainCtx): Promise<TokenView[]> {
  if (!canManageApiTokens(ctx.viewer)) return [];
  const rows = await tokensOfUser(ctx.db, ctx.viewer!.id);
  return rows.map((r) => ({
    id: r.id, name: r.name, scope: r.scope, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
    active: !r.revoked_at && r.expires_at > ctx.now,
  }));
}

/** Signed-in person: revokes one of their own tokens at once (audited). Someone else's is "not found" (false). */
export async function revokeApiToken(ctx: DomainCtx, id: string): Promise<boolean> {
  if (!canManageApiTokens(ctx.viewer) || !/^\d{1,18}$/.test(id)) return false;
  const viewer = ctx.viewer!;
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await revokeOwnToken(trx, viewer.id, id, ctx.now))) return false;
    await recordAudit(trx, { actorId: viewer.id, action: "api.token_revoked", targetType: "api_token", targetId: id, orgId: viewer.primaryOrgId });
    return true;
  });
}

/** For deactivation and erasure (inside their transaction): every token of the person stops working. */
export const revokeApiTokensOf = (trx: Transaction<Database>, userId: string, at: Date) => revokeAllOf(trx, userId, at);

export type BearerResult =
  | { ok: true; viewer: Viewer; tokenId: string; scope: ApiScope }
  | { ok: false; status: 401; reason: "missing" | "malformed" | "unknown" | "expired" | "revoked" | "inactive" };

/**
 * The API client: the person a bearer token acts for, checked exactly as a session is (an
 * active person with a membership), plus the token's own state. No header: `missing` (anonymous).
 */
export async function authenticateBearer(ctx: Pick<DomainCtx, "db" | "now">, authorization: string | null): Promise<BearerResult> {
  if (!authorization) return { ok: false, status: 401, reason: "missing" };
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization);
  if (!m || !TOKEN_SHAPE.test(m[1])) return { ok: false, status: 401, reason: "malformed" };
  const row = await findBearer(ctx.db, apiTokenHash(m[1]));
  if (!row) return { ok: false, status: 401, reason: "unknown" };
  if (row.revoked_at) return { ok: false, status: 401, reason: "revoked" };
  if (row.expires_at <= ctx.now) return { ok: false, status: 401, reason: "expired" };
  if (row.deactivated_at || row.memberships.length === 0) return { ok: false, status: 401, reason: "inactive" };
  await touchToken(ctx.db, row.id, ctx.now);
  const viewer: Viewer = {
    id: row.user_id, email: row.email, handle: row.handle, name: row.name, locale: row.locale,
    primaryOrgId: row.primary_org_id, networkRole: row.network_role, memberships: row.memberships,
  };
  return { ok: true, viewer, tokenId: row.id, scope: row.scope };
}

export { scopeAllows };
