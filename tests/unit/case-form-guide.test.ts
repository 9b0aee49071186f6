import { describe, expect, it } from "vitest";
import { CASE_SECTIONS, missingForPublish, PUBLISH_REQUIRED, sectionStates } from "../../app/cases/form-guide";
import { caseFormSchema } from "../../app/cases/schemas";
import { publishErrors } from "../../app/cases/validation";

// The case form's guide must agree with what publishing checks (publishErrors), or it would
// call a part "klar" that the server then refuses.
const base = { org_id: "1", visibility: "network", title: "Ett fall" };
const parse = (v: Record<string, unknown>) => caseFormSchema.parse({ techniques: [], shared_org_ids: [], partner_org_ids: [], tag_ids: [], figure_label: [], figure_value: [], figure_unit: [], link_label: [], link_url: [], ...v });

describe("case form guide", () => {
  it("names the same missing fields as publishErrors for an empty draft and for conditional fields", () => {
    const cases: Record<string, string | string[]>[] = [
      base,
      { ...base, status: "idea", personal_data: "yes", evaluated: "formal" },
      { ...base, status: "pilot", personal_data: "no", evaluated: "no", review_by: "2099-01-01", contact_email: "a@b.se" },
    ];
    for (const v of cases) {
      const server = Object.keys(publishErrors(parse(v), "2026-01-01")).sort();
      expect(missingForPublish(v).sort()).toEqual(server);
    }
  });
  it("places every publish-required field in exactly one part", () => {
    for (const f of PUBLISH_REQUIRED) expect(CASE_SECTIONS.filter((s) => (s.fields as readonly string[]).includes(f)), f).toHaveLength(1);
  });
  it("counts missing fields and errors per part; a part without required fields is optional", () => {
    const states = sectionStates({ ...base, problem: "Text" }, { approach: [{}], figure_1: [{}] });
    const by = Object.fromEntries(states.map((s) => [s.id, s]));
    expect(by.what).toMatchObject({ missing: 1, errors: 1 });
    expect(by.outcomes).toMatchObject({ missing: 1, errors: 1 });
    expect(by.reuse).toMatchObject({ required: 0, missing: 0, errors: 0 });
    expect(by.organisation).toMatchObject({ missing: 0 });
  });
});
