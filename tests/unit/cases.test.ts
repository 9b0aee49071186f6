import { describe, expect, it } from "vitest";
import { caseFormSchema, caseIdFromRef, isHttpUrl, parseListQuery } from "../../app/cases/schemas";
import { publishErrors, slugify } from "../../app/cases/validation";
import { isIsoDate, toIsoDate } from "../../app/cases/dates";
import { canAdopt, canEditCase, canReadCase, type CaseScope, type Viewer } from "../../app/policy";

const viewer = (orgId: string, role: "member" | "ambassador" | "moderator" | "admin", networkRole: "moderator" | null = null): Viewer => ({
  id: "9", email: "a@b.se", handle: "a", name: "A", locale: null, primaryOrgId: orgId, networkRole, memberships: [{ orgId, role }],
});
const scope = (o: Partial<CaseScope> = {}): CaseScope => ({ orgId: "1", visibility: "network", sharedOrgIds: [], state: "published", hiddenAt: null, deletedAt: null, ...o });

describe("case form validation", () => {
  const minimal = { org_id: "1", visibility: "network", title: "Rubrik" };
  it("accepts a draft with only a title and reports every missing field at publish", () => {
    const draft = caseFormSchema.parse(minimal);
    expect(draft.intent).toBe("save");
    const errors = publishErrors(draft, "2026-11-23");
    expect(Object.keys(errors)).toContain("summary");
    expect(errors.techniques[0].key).toBe("cases:errors.chooseTechnique");
    expect(errors.review_by[0].key).toBe("cases:errors.reviewRequired");
  });
  it("requires a DPIA answer with personal data and a method with an evaluation", () => {
    const v = caseFormSchema.parse({ ...minimal, personal_data: "yes", evaluated: "formal", status: "idea", review_by: "2026-11-23" });
    const e = publishErrors(v, "2026-11-23");
    expect(e.dpia_done).toBeDefined();
    expect(e.evaluation_method).toBeDefined();
    expect(e.start_date).toBeUndefined(); // ideas have no start date
    expect(e.review_by[0].key).toBe("cases:errors.reviewInPast"); // today is not the future
  });
  it("rejects unknown choices, impossible dates and the owner as partner", () => {
    const r = caseFormSchema.safeParse({ ...minimal, area: "weather", status: "done", start_date: "2026-02-30", review_by: "0000-01-01", techniques: ["magic"] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(["area", "status", "start_date", "review_by", "techniques"]));
    const partner = caseFormSchema.safeParse({ ...minimal, partner_org_ids: ["1"] });
    expect(partner.error!.issues[0]).toMatchObject({ path: ["partner_org_ids"], message: "cases:errors.partnerIsOwner" });
  });
  it("requires some organisations when sharing with chosen ones", () => {
    const r = caseFormSchema.safeParse({ ...minimal, visibility: "shared" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["shared_org_ids"], message: "cases:errors.shareWithSome" });
  });
});

describe("helpers", () => {
  it("slugs Swedish titles", () => {
    expect(slugify("Åtgärder för äldre – del 2")).toBe("atgarder-for-aldre-del-2");
    expect(slugify("!!!")).toBe("fall");
  });
  it("reads a case id from a reference", () => {
    expect(caseIdFromRef("12")).toBe("12");
    expect(caseIdFromRef("/cases/12-var-version")).toBe("12");
    expect(caseIdFromRef("https://x.se/cases/12-var-version?x=1")).toBe("12");
  });
  it("allows only http(s) links and real dates", () => {
    expect(isHttpUrl("https://gavle.se")).toBe(true);
    expect(isHttpUrl("javascript:alert(1)")).toBe(false);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(toIsoDate(new Date(2026, 0, 5))).toBe("2026-01-05");
  });
  it("drops unknown list filters instead of failing", () => {
    expect(parseListQuery(new URLSearchParams("status=pilot&status=x&sort=adoptions"))).toMatchObject({ status: ["pilot"], sort: "adoptions", page: 1 });
    expect(parseListQuery(new URLSearchParams("status=pilot&status=ended"))).toMatchObject({ status: ["pilot", "ended"] });
  });
});

describe("case predicates", () => {
  it("lets ambassadors of the owner edit, members read, and others adopt", () => {
    expect(canEditCase(viewer("1", "ambassador"), scope())).toBe(true);
    expect(canEditCase(viewer("1", "member"), scope())).toBe(false);
    expect(canEditCase(viewer("2", "member", "moderator"), scope())).toBe(true);
    expect(canEditCase(viewer("2", "member", "moderator"), scope({ visibility: "organisation" }))).toBe(false);
    expect(canReadCase(viewer("1", "member"), scope({ state: "draft" }))).toBe(false);
    expect(canReadCase(null, scope({ visibility: "public", deletedAt: new Date() }))).toBe(false);
    expect(canAdopt(viewer("2", "member"), scope(), "2")).toBe(true);
    expect(canAdopt(viewer("1", "admin"), scope(), "1")).toBe(false);
    expect(canAdopt(viewer("2", "member"), scope({ state: "draft" }), "2")).toBe(false);
  });
});
