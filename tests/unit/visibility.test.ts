import { describe, expect, it } from "vitest";
import { canRead, type Viewer } from "../../app/policy";

const viewer = (orgIds: string[]): Viewer => ({
  id: "1", email: "a@b.se", handle: "a", name: "A", locale: null, primaryOrgId: orgIds[0] ?? null, networkRole: null,
  memberships: orgIds.map((orgId) => ({ orgId, role: "member" })),
});

describe("canRead", () => {
  it("public is for everyone, network for members, organisation for owners and shares", () => {
    expect(canRead(null, { orgId: "1", visibility: "public", sharedOrgIds: [] })).toBe(true);
    expect(canRead(null, { orgId: "1", visibility: "network", sharedOrgIds: [] })).toBe(false);
    expect(canRead(viewer(["2"]), { orgId: "1", visibility: "network", sharedOrgIds: [] })).toBe(true);
    expect(canRead(viewer(["2"]), { orgId: "1", visibility: "organisation", sharedOrgIds: [] })).toBe(false);
    expect(canRead(viewer(["1"]), { orgId: "1", visibility: "organisation", sharedOrgIds: [] })).toBe(true);
    expect(canRead(viewer(["2"]), { orgId: "1", visibility: "organisation", sharedOrgIds: ["2"] })).toBe(true);
  });
  it("a person with no membership reads only public content", () => {
    expect(canRead(viewer([]), { orgId: "1", visibility: "network", sharedOrgIds: [] })).toBe(false);
  });
});
