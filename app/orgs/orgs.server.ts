import type { DB } from "../../db/client";
import { canEditOrganisation, canManageMembers, canManageOrganisations, canViewMembers, type Viewer } from "../policy";
import { sortByName } from "../lib/i18n/format";
import { formError, type FieldErrors } from "../lib/forms.server";
import { notFound } from "../lib/http.server";
import { recordAudit } from "../moderation/audit.server";
import {
  domainsTaken, findOrgById, findOrgBySlug, insertOrganisation, listOrganisationsWithCounts, listOrgMembers,
  slugTaken, updateOrganisationRow, type OrgValues,
} from "./orgs.repo.server";
import type { MemberSummary, OrganisationSummary } from "./types";

export type Ctx = { db: DB; viewer: Viewer | null; now?: Date };

/** Anyone: the network's organisations, sorted by Swedish collation, with member counts. */
export async function listOrganisations(ctx: Ctx): Promise<OrganisationSummary[]> {
  const rows = await listOrganisationsWithCounts(ctx.db);
  return sortByName(
    rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, kind: r.kind, description: r.description, memberCount: Number(r.members) })),
  );
}

export type OrgProfile = {
  id: string; slug: string; name: string; kind: OrganisationSummary["kind"]; description: string; domains: string[];
  memberCount: number; members: MemberSummary[] | null; canManage: boolean; canEdit: boolean;
};

/** Anyone: an organisation's profile; its member list only for signed-in members. Missing → 404. */
export async function getOrgProfile(ctx: Ctx, slug: string): Promise<OrgProfile> {
  const org = await findOrgBySlug(ctx.db, slug);
  if (!org) notFound();
  const rows = await listOrgMembers(ctx.db, org.id);
  const members = canViewMembers(ctx.viewer)
    ? sortByName(rows.map((r) => ({ id: r.id, handle: r.handle, name: r.name, title: r.title, role: r.role })))
    : null;
  return {
    id: org.id, slug: org.slug, name: org.name, kind: org.kind, description: org.description, domains: org.email_domains,
    memberCount: rows.length, members, canManage: canManageMembers(ctx.viewer, org.id), canEdit: canEditOrganisation(ctx.viewer, org.id),
  };
}

type SaveResult = { ok: true; slug: string } | { ok: false; errors: FieldErrors };

async function validateOrg(ctx: Ctx, v: OrgValues, exceptId?: string): Promise<FieldErrors | null> {
  if (await slugTaken(ctx.db, v.slug, exceptId)) return formError("slug", "orgs:errors.slugTaken");
  const taken = await domainsTaken(ctx.db, v.emailDomains, exceptId);
  if (taken.length) return formError("domains", "orgs:errors.domainTaken", { domains: taken.join(", ") });
  return null;
}

/** Network admin: creates an organisation with its email domains (audited). */
export async function createOrganisation(ctx: Ctx, v: OrgValues): Promise<SaveResult> {
  if (!canManageOrganisations(ctx.viewer)) notFound();
  const errors = await validateOrg(ctx, v);
  if (errors) return { ok: false, errors };
  const org = await ctx.db.transaction().execute(async (trx) => {
    const row = await insertOrganisation(trx, v);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "org.created", targetType: "organisation", targetId: row.id, orgId: row.id, details: { ...v } });
    return row;
  });
  return { ok: true, slug: org.slug };
}

/** Network admin: edits an organisation's name, slug, kind, domains and description (audited). */
export async function updateOrganisation(ctx: Ctx, id: string, v: OrgValues): Promise<SaveResult> {
  const before = await findOrgById(ctx.db, id);
  if (!before || !canEditOrganisation(ctx.viewer, id)) notFound();
  const errors = await validateOrg(ctx, v, id);
  if (errors) return { ok: false, errors };
  await ctx.db.transaction().execute(async (trx) => {
    await updateOrganisationRow(trx, id, v);
    await recordAudit(trx, {
      actorId: ctx.viewer!.id, action: "org.updated", targetType: "organisation", targetId: id, orgId: id,
      details: { before: { slug: before.slug, name: before.name, kind: before.kind, domains: before.email_domains }, after: v },
    });
  });
  return { ok: true, slug: v.slug };
}

/** Network admin: one organisation's editable values. */
export async function getOrganisationForEdit(ctx: Ctx, slug: string) {
  const org = await findOrgBySlug(ctx.db, slug);
  if (!org || !canEditOrganisation(ctx.viewer, org.id)) notFound();
  return { id: org.id, slug: org.slug, name: org.name, kind: org.kind, domains: org.email_domains, description: org.description };
}
