import { canChangeRole, canManageMembers, canRemoveMember } from "../policy";
import { sortByName } from "../lib/i18n/format";
import { formError, type FieldErrors } from "../lib/forms.server";
import { notFound } from "../lib/http.server";
import { recordAudit } from "../moderation/audit.server";
import { latestEventId, notifyRecipients } from "../events/events.repo.server";
import { countAdmins, deleteMembership, lockAdmins, findMembership, findOrgBySlug, listOrgMembers, setMembershipRole } from "./orgs.repo.server";
import { listPendingInvitations } from "./invitations.repo.server";
import { deleteSessionsOf, findUserById, setPrimaryOrg } from "./people.repo.server";
import type { Ctx } from "./orgs.server";
import type { OrgRole } from "./types";

type Result = { ok: true } | { ok: false; errors: FieldErrors };

async function managedOrg(ctx: Ctx, slug: string, can: typeof canManageMembers) {
  const org = await findOrgBySlug(ctx.db, slug);
  if (!org || !can(ctx.viewer, org.id)) notFound();
  return org;
}

/** Organisation admins and network admins: members (with email) and pending invitations. */
export async function getOrgAdmin(ctx: Ctx, slug: string) {
  const org = await managedOrg(ctx, slug, canManageMembers);
  const now = ctx.now ?? new Date();
  const [members, invitations] = await Promise.all([listOrgMembers(ctx.db, org.id), listPendingInvitations(ctx.db, org.id, now)]);
  return {
    org: { id: org.id, slug: org.slug, name: org.name },
    members: sortByName(members.map((m) => ({ id: m.id, handle: m.handle, name: m.name, email: m.email, role: m.role, isSelf: m.id === ctx.viewer?.id }))),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, createdAt: i.created_at.toISOString(), expiresAt: i.expires_at.toISOString(), invitedBy: i.invited_by_name })),
  };
}

/** Organisation admins: changes a member's role; the organisation always keeps one admin (audited). */
export async function changeRole(ctx: Ctx, slug: string, userId: string, role: OrgRole): Promise<Result> {
  const org = await managedOrg(ctx, slug, canChangeRole);
  return ctx.db.transaction().execute(async (trx) => {
    await lockAdmins(trx, org.id); // first, before reading the member's role
    const m = await findMembership(trx, org.id, userId);
    if (!m) notFound();
    if (m.role === role) return { ok: true } as const;
    if (m.role === "admin" && (await countAdmins(trx, org.id)) <= 1) return { ok: false, errors: formError("role", "orgs:errors.lastAdmin") } as const;
    await setMembershipRole(trx, org.id, userId, role);
    await recordAudit(trx, {
      actorId: ctx.viewer!.id, action: "membership.role_changed", targetType: "membership", targetId: `${org.id}:${userId}`,
      orgId: org.id, details: { userId, from: m.role, to: role },
    });
    return { ok: true } as const;
  });
}

/**
 * Organisation admins: removes a member (audited). Removing someone's last membership ends all
 * their sessions in the same transaction; a removed primary organisation falls back to another.
 */
export async function removeMember(ctx: Ctx, slug: string, userId: string): Promise<Result> {
  const org = await managedOrg(ctx, slug, canRemoveMember);
  return ctx.db.transaction().execute(async (trx) => {
    await lockAdmins(trx, org.id); // first, before reading the member's role
    const m = await findMembership(trx, org.id, userId);
    if (!m) notFound();
    if (m.role === "admin" && (await countAdmins(trx, org.id)) <= 1) return { ok: false, errors: formError("userId", "orgs:errors.lastAdmin") } as const;
    const remaining = await deleteMembership(trx, org.id, userId);
    const person = await findUserById(trx, userId);
    if (remaining.length === 0) await deleteSessionsOf(trx, userId);
    if (person?.primary_org_id === org.id) await setPrimaryOrg(trx, userId, remaining[0] ?? null);
    await recordAudit(trx, {
      actorId: ctx.viewer!.id, action: "membership.removed", targetType: "membership", targetId: `${org.id}:${userId}`,
      orgId: org.id, details: { userId, role: m.role, lastMembership: remaining.length === 0 },
    });
    // Their open pages recompute the bell at commit: what they may no longer read drops out at once.
    await notifyRecipients(trx, await latestEventId(trx), [userId]);
    return { ok: true } as const;
  });
}
