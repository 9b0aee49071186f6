import { canModerate } from "./content";
import { hasOrgRole, orgIdsOf } from "./roles";
import { canRead } from "./visibility";
import type { Scoped, Viewer } from "./types";

// Case-study permissions (pure predicates over the Viewer). Never decide access elsewhere.

/** A case as the predicates need it: its scope plus lifecycle state. */
export type CaseScope = Scoped & { state: "draft" | "published"; hiddenAt: Date | string | null; deletedAt: Date | string | null };

/** Ambassadors and above of an organisation write its case studies. */
export const canWriteCasesFor = (v: Viewer | null, orgId: string) => hasOrgRole(v, orgId, "ambassador");

/** Editors: ambassador+ of the owning organisation, or moderators in scope. */
export function canEditCase(v: Viewer | null, c: CaseScope): boolean {
  if (!v || c.deletedAt) return false;
  if (canWriteCasesFor(v, c.orgId)) return true;
  return canModerate(v, c);
}

/**
 * Reading one case (the complete rule; SQL twin: readableCases): published, live cases for those
 * the visibility rule admits; drafts and hidden cases only for editors; deleted cases only for
 * moderators in scope (soft-deleted cases stay for them and for public-records requests).
 */
export function canReadCase(v: Viewer | null, c: CaseScope): boolean {
  if (!canRead(v, c)) return false;
  if (c.deletedAt) return canModerate(v, c);
  if (c.state === "draft" || c.hiddenAt) return canEditCase(v, c);
  return true;
}

/** Cases in lists, counts, facets, exports and widgets (SQL twin: listedCases). */
export const isListedCase = (v: Viewer | null, c: CaseScope) =>
  c.state === "published" && !c.hiddenAt && !c.deletedAt && canRead(v, c);

/** Organisations the viewer may record an adoption for: their own, except the case's owner. */
export function adoptingOrgIds(v: Viewer | null, c: CaseScope): string[] {
  if (!v || c.state !== "published" || c.hiddenAt || c.deletedAt || !canRead(v, c)) return [];
  return orgIdsOf(v).filter((o) => o !== c.orgId);
}

/** A member of another organisation records (or updates) their organisation's adoption. */
export const canAdopt = (v: Viewer | null, c: CaseScope, orgId: string) => adoptingOrgIds(v, c).includes(orgId);

/** Withdrawing an adoption: ambassador+ of the adopting organisation, its recorder, or moderators in scope. */
export function canRemoveAdoption(v: Viewer | null, c: CaseScope, a: { orgId: string; createdBy: string }): boolean {
  if (!v) return false;
  if (a.createdBy === v.id && orgIdsOf(v).includes(a.orgId)) return true;
  return hasOrgRole(v, a.orgId, "ambassador") || canModerate(v, c);
}

/** Organisations whose case studies the viewer writes (ambassador+ there), primary organisation first. */
export function caseAuthorOrgIds(v: Viewer | null): string[] {
  const mine = orgIdsOf(v).filter((o) => canWriteCasesFor(v, o));
  return v?.primaryOrgId && mine.includes(v.primaryOrgId) ? [v.primaryOrgId, ...mine.filter((o) => o !== v.primaryOrgId)] : mine;
}

/**
 * Promoting a question to a case draft: someone who writes case studies for an organisation of
 * their own and may read the live question. A question kept to its organisation (even when shared
 * with others) is that organisation's to promote: a reader from a shared organisation would copy
 * it into a case their organisation owns and may widen.
 */
export function canPromoteThread(v: Viewer | null, t: Scoped & { hiddenAt: Date | string | null; deletedAt: Date | string | null }): boolean {
  if (!v || t.hiddenAt || t.deletedAt || !canRead(v, t)) return false;
  const mine = caseAuthorOrgIds(v);
  return t.visibility === "organisation" ? mine.includes(t.orgId) : mine.length > 0;
}

/**
 * Who owns a promoted case: the question's organisation when the viewer writes for it, else the
 * viewer's own (primary first). Never an organisation the viewer does not write for, even when
 * the question is shared with it.
 */
export function promotionOwnerOrg(v: Viewer | null, questionOrgId: string): string | null {
  const mine = caseAuthorOrgIds(v);
  return mine.includes(questionOrgId) ? questionOrgId : (mine[0] ?? null);
}

/**
 * Publishing a draft is the owning organisation's decision: its ambassadors and above. Moderators
 * in scope may edit a case, but do not publish another organisation's unfinished work.
 */
export const canPublishCase = (v: Viewer | null, c: CaseScope) => !c.deletedAt && canWriteCasesFor(v, c.orgId);
