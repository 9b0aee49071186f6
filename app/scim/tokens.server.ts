import type { DomainCtx } from "../lib/ctx.server";
import { notFound } from "../lib/http.server";
import { recordAudit } from "../moderation/audit.server";
import { findOrgBySlug } from "../orgs/orgs.repo.server";
import { canManageSsoFor } from "../policy";
import { randomToken, sha256 } from "../sso/secrets.server";
import { findScimToken, insertScimToken, listScimTokens, orgOfActiveToken, revokeScimToken } from "./tokens.repo.server";

export const scimTokenHash = (token: string) => sha256(`scim:${token}`);

/** Network admins and the organisation's admins: a new SCIM bearer token, returned once (only its hash is kept). Audited. */
export async function createScimToken(ctx: DomainCtx, orgSlug: string, label: string): Promise<{ token: string }> {
  const org = await findOrgBySlug(ctx.db, orgSlug);
  if (!org || !canManageSsoFor(ctx.viewer, org.id)) notFound();
  const token = `scim_${randomToken(32)}`;
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertScimToken(trx, { orgId: org.id, tokenHash: scimTokenHash(token), label, createdBy: ctx.viewer!.id });
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "scim.token_created", targetType: "scim_token", targetId: id, orgId: org.id, details: { label } });
  });
  return { token };
}

/** Same audience: the organisation's tokens (never the token itself). */
export async function listTokens(ctx: DomainCtx, orgId: string) {
  if (!canManageSsoFor(ctx.viewer, orgId)) notFound();
  const rows = await listScimTokens(ctx.db, orgId);
  return rows.map((r) => ({ id: r.id, label: r.label, createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null, revoked: Boolean(r.revoked_at) }));
}

/** Same audience: revokes a token at once (audited). Another organisation's token is "not found". */
export async function revokeToken(ctx: DomainCtx, tokenId: string): Promise<void> {
  const t = await findScimToken(ctx.db, tokenId);
  if (!t || !canManageSsoFor(ctx.viewer, t.org_id)) notFound();
  await ctx.db.transaction().execute(async (trx) => {
    await revokeScimToken(trx, tokenId, ctx.now);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "scim.token_revoked", targetType: "scim_token", targetId: tokenId, orgId: t.org_id });
  });
}

/** The SCIM client: the organisation a bearer token speaks for, or null. */
export async function orgForBearer(ctx: DomainCtx, authorization: string | null): Promise<string | null> {
  const m = /^Bearer\s+(scim_[A-Za-z0-9_-]{40,60})\s*$/.exec(authorization ?? "");
  return m ? orgOfActiveToken(ctx.db, scimTokenHash(m[1]), ctx.now) : null;
}
