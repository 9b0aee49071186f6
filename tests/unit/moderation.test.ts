import { describe, expect, it } from "vitest";
import { canDispose, canFlag, canSeeHidden, canUseModeration, moderatedOrgIds, type Viewer } from "../../app/policy";
import { withNotice } from "../../app/moderation/http.server";
import { actionSchema, flagSchema } from "../../app/moderation/schemas";
import { itemHref } from "../../app/moderation/types";

const viewer = (o: Partial<Viewer>): Viewer => ({
  id: "1", email: "a@b.se", handle: "a", name: "A", locale: null, primaryOrgId: "10", networkRole: null, memberships: [], ...o,
});
const member = viewer({ memberships: [{ orgId: "10", role: "member" }] });
const modA = viewer({ id: "2", memberships: [{ orgId: "10", role: "moderator" }, { orgId: "30", role: "member" }] });
const netMod = viewer({ id: "3", networkRole: "moderator", memberships: [{ orgId: "30", role: "member" }] });
const netAdmin = viewer({ id: "4", networkRole: "admin", memberships: [{ orgId: "30", role: "member" }] });
const itemA = { orgId: "10", visibility: "organisation" as const, sharedOrgIds: [] };

describe("moderation policy", () => {
  it("lets signed-in readers flag, nobody else", () => {
    expect(canFlag(member, itemA)).toBe(true);
    expect(canFlag(netMod, itemA)).toBe(false); // cannot read A's organisation-only item
    expect(canFlag(null, { ...itemA, visibility: "public" })).toBe(false);
  });
  it("scopes the queue and the log", () => {
    expect(moderatedOrgIds(modA)).toEqual(["10"]);
    expect(canUseModeration(member)).toBe(false);
    expect(canUseModeration(modA)).toBe(true);
  });
  it("shows hidden items to their author and moderators in scope only", () => {
    expect(canSeeHidden(member, { ...itemA, authorId: "1" })).toBe(true);
    expect(canSeeHidden(viewer({ id: "9", memberships: [{ orgId: "10", role: "member" }] }), { ...itemA, authorId: "1" })).toBe(false);
    expect(canSeeHidden(modA, { ...itemA, authorId: "1" })).toBe(true);
  });
  it("keeps gallring to network admins", () => {
    expect(canDispose(netAdmin)).toBe(true);
    expect(canDispose(netMod)).toBe(false);
    expect(canDispose(modA)).toBe(false);
  });
});

describe("moderation forms and links", () => {
  it("requires a reason to hide and text for Other", () => {
    expect(actionSchema.safeParse({ intent: "hide", targetType: "post", targetId: "1", reason: "" }).success).toBe(false);
    expect(actionSchema.safeParse({ intent: "hide", targetType: "post", targetId: "1", reason: "Osakligt" }).success).toBe(true);
    expect(actionSchema.safeParse({ intent: "explode", targetType: "post", targetId: "1" }).success).toBe(false);
    expect(actionSchema.safeParse({ intent: "lock", targetType: "user", targetId: "1" }).success).toBe(false);
    expect(actionSchema.safeParse({ intent: "lock", targetType: "thread", targetId: "1; DROP" }).success).toBe(false);
    expect(flagSchema.safeParse({ targetType: "post", targetId: "1", reason: "other", text: "" }).success).toBe(false);
    expect(flagSchema.safeParse({ targetType: "post", targetId: "1", reason: "spam" }).success).toBe(true);
  });
  it("adds the notice before a #fragment and links items in context", () => {
    expect(withNotice("/t/5-x#p3", "hidden", "post-9")).toBe("/t/5-x?mod=hidden&modTarget=post-9#p3");
    expect(withNotice("/mod/queue?a=1", "restored", "thread-1")).toBe("/mod/queue?a=1&mod=restored&modTarget=thread-1");
    expect(itemHref({ type: "post", id: "9", threadId: "5", postNumber: 3 })).toBe("/t/5#p3");
    expect(itemHref({ type: "case", id: "2", threadId: null })).toBe("/cases/2");
  });
});
