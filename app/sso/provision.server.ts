import type { DomainCtx } from "../lib/ctx.server";
import { recordAudit } from "../moderation/audit.server";
import type { AuditAction } from "../moderation/audit-actions";
import { createAccount } from "../auth/accounts.server";
import { addMembership, findMembership } from "../orgs/orgs.repo.server";
import { findUserByEmail, findUserById } from "../orgs/people.repo.server";
import type { OrgRole } from "../orgs/types";
import { scimGroupRole } from "../scim/groups.server";
import { isScimInactive } from "../scim/scim.repo.server";
import { findIdentity, linkIdentity } from "./logins.repo.server";
import { orgByDomain, orgNameOf } from "./providers.repo.server";
import type { IdentityProvider, SsoFailure, VerifiedClaims } from "./types";

const RANK: Record<OrgRole, number> = { member: 1, ambassador: 2, moderator: 3, admin: 4 };

/** The organisation a verified sign-in belongs to: tenant map first, then the email-domain fallback. */
export async function organisationFor(ctx: DomainCtx, p: IdentityProvider, c: VerifiedClaims): Promise<{ orgId: string } | { failure: SsoFailure }> {
  if (p.tenants.length === 0) return { orgId: p.orgId };
  if (c.tenantId) {
    const t = p.tenants.find((x) => x.tenantId === c.tenantId);
    return t ? { orgId: t.orgId } : { failure: "unknownTenant" };
  }
  if (p.domainFallback && c.email) {
    const allowed = new Set([p.orgId, ...p.tenants.map((t) => t.orgId)]);
    const org = await orgByDomain(ctx.db, c.email.split("@").pop()!);
    if (org && allowed.has(org.id)) return { orgId: org.id };
  }
  return { failure: "missingTenant" };
}

/** The highest role any of the claim values maps to, or the provider's default. */
export function mappedRole(p: Pick<IdentityProvider, "roleMap" | "defaultRole">, values: string[]): OrgRole {
  let role = p.defaultRole;
  for (const v of values) {
    const r = p.roleMap[v];
    if (r && RANK[r] > RANK[role]) role = r;
  }
  return role;
}

export type Provisioned = { ok: true; userId: string; orgId: string; role: OrgRole } | { ok: false; failure: SsoFailure };

/**
 * The protocol layer, after every check passed: finds the person behind the provider's subject,
 * else links the existing account with the same verified email at the organisation's domain,
 * else creates one (no password). The mapped role is written at every sign-in. Audited.
 */
export async function provision(ctx: DomainCtx, p: IdentityProvider, c: VerifiedClaims): Promise<Provisioned> {
  if (!c.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email) || c.email.length > 254) return { ok: false, failure: "missingEmail" };
  const email = c.email.trim();
  const where = await organisationFor(ctx, p, c);
  if ("failure" in where) return { ok: false, failure: where.failure };
  let role = mappedRole(p, c.roleValues);
  const org = await orgNameOf(ctx.db, where.orgId);
  if (!org) return { ok: false, failure: "unknownTenant" };
  return ctx.db.transaction().execute(async (trx) => {
    const audit = (action: AuditAction, userId: string, details: Record<string, unknown>) =>
      recordAudit(trx, { actorId: userId, action, targetType: "membership", targetId: `${where.orgId}:${userId}`, orgId: where.orgId, details: { provider: p.slug, ...details } });
    let userId = (await findIdentity(trx, p.id, c.subject))?.user_id ?? null;
    if (!userId) {
      const existing = await findUserByEmail(trx, email);
      if (existing) {
        const domainOk = (await orgByDomain(trx, email.split("@").pop()!))?.id === where.orgId;
        if (!domainOk || !c.emailVerified) return { ok: false, failure: "accountUnavailable" } as const;
        userId = existing.id;
        await audit("sso.linked", userId, { subject: c.subject });
      } else {
        const user = await createAccount(trx, { email, name: (c.name || email.split("@")[0]).slice(0, 120), passwordHash: null, orgId: where.orgId, role, locale: null });
        userId = user.id;
        await audit("sso.provisioned", userId, { role });
      }
    }
    const person = await findUserById(trx, userId);
    if (!person || person.deactivated_at || (await isScimInactive(trx, where.orgId, userId))) return { ok: false, failure: "accountUnavailable" } as const;
    // SCIM groups mapped to roles (Entra's group provisioning) count too: the higher role wins.
    const fromGroups = await scimGroupRole(trx, where.orgId, userId);
    if (fromGroups && RANK[fromGroups] > RANK[role]) role = fromGroups;
    const before = await findMembership(trx, where.orgId, userId);
    if (before?.role !== role) {
      await addMembership(trx, where.orgId, userId, role);
      await audit("sso.role_applied", userId, { from: before?.role ?? null, to: role });
    }
    await linkIdentity(trx, { providerId: p.id, subject: c.subject, userId, tenantId: c.tenantId, now: ctx.now });
    return { ok: true, userId, orgId: where.orgId, role } as const;
  });
}
