import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { caseRevisions, getCase, saveCase } from "../../app/cases/cases.server";
import { caseForThread, latestCases, listCases, listNeedsReview, listOrgCases } from "../../app/cases/listing.server";
import { listAdoptions, listOrgAdoptions, recordAdoption, removeAdoption } from "../../app/cases/adoptions.server";
import { promoteThread } from "../../app/cases/promote.server";
import { exportCases, toCsv, toJson, EXPORT_COLUMNS } from "../../app/cases/export.server";
import { caseFormSchema, parseListQuery } from "../../app/cases/schemas";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { caseForm, FUTURE, makeCase, makeTag } from "../support/cases";

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const now = new Date("2026-11-23T12:00:00Z");
const ctx = (name: keyof World["viewers"]) => ({ db, viewer: w.viewers[name], now });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
});
afterAll(() => destroy());

const outbox = async (id: string) =>
  (await db.selectFrom("search_outbox").select("op").where("doc_type", "=", "case").where("doc_id", "=", id).execute()).length;

describe("drafts and publishing", () => {
  it("saves a draft with only a title, and enforces required fields on publish with a message per field", async () => {
    const draft = caseFormSchema.parse({ intent: "save", org_id: w.orgA.id, visibility: "network", title: "Bara en rubrik" });
    const saved = await saveCase(ctx("ambassadorA"), draft);
    expect(saved).toMatchObject({ ok: true, state: "draft" });
    const id = (saved as { id: string }).id;
    expect(await getCase(ctx("memberA"), id)).toBeNull(); // drafts: editors only
    expect((await getCase(ctx("ambassadorA"), id))?.state).toBe("draft");

    const publish = await saveCase(ctx("ambassadorA"), { ...draft, intent: "publish" }, id);
    expect(publish?.ok).toBe(false);
    const errors = (publish as { errors: Record<string, unknown> }).errors;
    expect(Object.keys(errors).sort()).toEqual(
      ["ai_act_risk", "approach", "area", "contact_email", "evaluated", "human_oversight", "lessons", "outcomes", "personal_data", "problem", "review_by", "start_date", "status", "summary", "techniques"].sort(),
    );
    expect((await getCase(ctx("ambassadorA"), id))?.state).toBe("draft");
  });

  it("refuses a review date in the past at publish, a contact who is not a member and unknown organisations", async () => {
    const outsider = await createUser(db, { memberships: [] });
    const res = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { review_by: "2026-11-01", contact_email: outsider.email, partner_org_ids: ["999999"] }));
    expect(res?.ok).toBe(false);
    const e = (res as { errors: Record<string, { key: string }[]> }).errors;
    expect(e.review_by[0].key).toBe("cases:errors.reviewInPast");
    expect(e.contact_email[0].key).toBe("cases:errors.contactNotMember");
    expect(e.partner_org_ids[0].key).toBe("cases:errors.unknownOrg");
  });

  it("validates dates in the wrong order, oversized text and bad figures at the schema", () => {
    const r = caseFormSchema.safeParse({
      ...caseForm(w.orgA.id), start_date: "2026-05-01", last_updated: "2026-04-01", review_by: "2026-04-30",
      summary: "x".repeat(301), figure_label: ["Tid"], figure_value: ["mycket"], figure_unit: [""], link_label: [""], link_url: ["javascript:alert(1)"],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => `${i.path[0]}:${i.message}`);
    expect(paths).toEqual(expect.arrayContaining([
      "last_updated:cases:errors.updatedBeforeStart", "review_by:cases:errors.reviewBeforeStart",
      "figure_0:cases:errors.figureValue", "link_0:cases:errors.linkUrl",
    ]));
    expect(r.error!.issues.some((i) => i.path[0] === "summary" && i.code === "too_big")).toBe(true);
  });

  it("only ambassadors and above of the owning organisation create cases", async () => {
    const res = await saveCase(ctx("memberA"), caseForm(w.orgA.id, { contact_email: w.viewers.memberA!.email }));
    expect(res).toMatchObject({ ok: false, errors: { org_id: [{ key: "cases:errors.orgNotAllowed" }] } });
    const other = await saveCase(ctx("ambassadorA"), caseForm(w.orgB.id, { contact_email: w.viewers.ambassadorA!.email }));
    expect(other?.ok).toBe(false);
  });

  it("publishes, keeps a revision of every edit and writes the search outbox in the same transaction", async () => {
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { intent: "save" }, now);
    await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { contact_email: w.viewers.ambassadorA!.email }), id);
    await saveCase(ctx("moderatorA"), caseForm(w.orgA.id, { title: "Ny rubrik", contact_email: w.viewers.ambassadorA!.email }), id);
    const c = await getCase(ctx("memberB"), id);
    expect(c).toMatchObject({ state: "published", title: "Ny rubrik", slug: "ny-rubrik", figures: [{ label: "Sparad tid", value: "120", unit: "timmar/månad" }] });
    const revs = await caseRevisions(ctx("ambassadorA"), id);
    expect(revs?.map((r) => r.action)).toEqual(["edit", "publish", "create"]);
    expect((revs![0].snapshot as { title: string }).title).toBe("Ny rubrik");
    expect(await caseRevisions(ctx("memberA"), id)).toBeNull();
    expect(await outbox(id)).toBe(3);
    // a member of the owning organisation cannot edit
    expect(await saveCase(ctx("memberA"), caseForm(w.orgA.id), id)).toBeNull();
  });
});

describe("adoptions", () => {
  it("lets a member of another organisation record and update an adoption, never the owner", async () => {
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Remissvar sammanfattas" }, now);
    const own = await recordAdoption(ctx("memberA"), id, { org_id: w.orgA.id, status: "adopted", adopted_on: "2026-11-01", note: "" });
    expect(own).toMatchObject({ ok: false, errors: { org_id: [{ key: "cases:errors.adoptOrg" }] } });
    expect(await recordAdoption(ctx("anonymous"), id, { org_id: w.orgB.id, status: "adopted", adopted_on: "2026-11-01", note: "" })).toBeNull();

    const future = await recordAdoption(ctx("memberB"), id, { org_id: w.orgB.id, status: "trying", adopted_on: "2027-01-01", note: "" });
    expect(future).toMatchObject({ ok: false, errors: { adopted_on: [{ key: "cases:errors.adoptedInFuture" }] } });

    const a = await recordAdoption(ctx("memberB"), id, { org_id: w.orgB.id, status: "trying", adopted_on: "2026-10-01", note: "Vi provar" });
    expect(a?.ok).toBe(true);
    const again = await recordAdoption(ctx("memberB"), id, { org_id: w.orgB.id, status: "adopted", adopted_on: "2026-11-01", note: "Infört" });
    expect(again).toEqual(a); // one row per organisation, updated
    const list = await listAdoptions(ctx("anonymous"), id);
    expect(list).toEqual([]); // network case: not readable signed out
    const seen = await listAdoptions(ctx("memberA"), id);
    expect(seen).toMatchObject([{ org: { id: w.orgB.id }, status: "adopted", adoptedOn: "2026-11-01", note: "Infört" }]);

    const orgB = await listOrgAdoptions(ctx("memberA"), w.orgB.id);
    expect(orgB.adopted.map((x) => x.caseId)).toEqual([id]);
    const orgA = await listOrgAdoptions(ctx("memberA"), w.orgA.id);
    expect(orgA.adoptedFromUs.map((x) => x.caseId)).toContain(id);

    expect(await removeAdoption(ctx("memberA"), seen[0].id)).toBe(false);
    expect(await removeAdoption(ctx("memberB"), seen[0].id)).toBe(true);
    expect(await listAdoptions(ctx("memberA"), id)).toEqual([]);
  });

  it("links a derived case only when it is the adopting organisation's", async () => {
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, {}, now);
    const ambB = await createUser(db, { orgId: w.orgB.id, role: "ambassador" });
    const vB = await viewerFor(db, ambB.id);
    const derived = await makeCase(db, vB, w.orgB.id, { title: "Vår version" }, now);
    const wrong = await recordAdoption({ db, viewer: vB, now }, id, { org_id: w.orgB.id, status: "adopted", adopted_on: "2026-11-01", note: "", derived_case_id: `/cases/${id}` });
    expect(wrong).toMatchObject({ ok: false, errors: { derived_case_id: [{ key: "cases:errors.derivedCase" }] } });
    const ok = await recordAdoption({ db, viewer: vB, now }, id, { org_id: w.orgB.id, status: "adopted", adopted_on: "2026-11-01", note: "", derived_case_id: `http://x.se/cases/${derived}-var-version` });
    expect(ok?.ok).toBe(true);
    const [a] = await listAdoptions(ctx("memberA"), id);
    expect(a.derivedCase).toMatchObject({ id: derived, title: "Vår version" });
  });
});

describe("listing, facets and exports", () => {
  let ids: Record<string, string>;
  let tagId: string;
  let world2: World;
  beforeAll(async () => {
    // A separate pair of organisations so earlier tests' cases do not disturb the counts.
    world2 = await createWorld(db);
    const amb = await viewerFor(db, (await createUser(db, { orgId: world2.orgA.id, role: "ambassador" })).id);
    tagId = (await makeTag(db, "vaxel")).id;
    const mk = (o: Parameters<typeof makeCase>[3]) => makeCase(db, amb, world2.orgA.id, o, now);
    ids = {
      pub: await mk({ title: "Öppen", visibility: "public", area: "hr", techniques: ["generative_llm"], tag_ids: [tagId] }),
      net: await mk({ title: "Nätverk", visibility: "network", area: "hr", techniques: ["generative_llm", "speech"], ai_act_risk: "high" }),
      org: await mk({ title: "Intern", visibility: "organisation", area: "hr", techniques: ["speech"] }),
      shared: await mk({ title: "Delad", visibility: "shared", shared_org_ids: [world2.orgB.id], area: "purchasing", techniques: ["classification"] }),
      draft: await mk({ title: "Utkast", intent: "save", area: "hr" }),
    };
  });
  const scoped = (extra = "") => parseListQuery(new URLSearchParams(`org=${world2.orgA.id}${extra}`));
  const v = (n: keyof World["viewers"]) => ({ db, viewer: world2.viewers[n], now });

  it("lists exactly the readable published cases and counts facets only over them", async () => {
    const anon = await listCases(v("anonymous"), scoped());
    expect(anon.cases.map((c) => c.title)).toEqual(["Öppen"]);
    expect(anon.facets.area).toEqual([{ value: "hr", count: 1 }]);
    const memberB = await listCases(v("memberB"), scoped());
    expect(memberB.cases.map((c) => c.title).sort()).toEqual(["Delad", "Nätverk", "Öppen"]);
    expect(memberB.facets.area).toEqual([{ value: "hr", count: 2 }, { value: "purchasing", count: 1 }]);
    const memberA = await listCases(v("memberA"), scoped());
    expect(memberA.total).toBe(4);
    expect(memberA.facets.technique).toEqual([
      { value: "generative_llm", count: 2 }, { value: "classification", count: 1 }, { value: "speech", count: 2 },
    ]);
    // the organisation facet ignores its own filter: every organisation's readable cases count
    expect(memberA.facets.org.find((f) => f.value === world2.orgA.id)).toMatchObject({ label: "Kommun A", count: 4 });
    expect(memberA.facets.tag).toMatchObject([{ value: tagId, label: "Tagg vaxel", count: 1 }]);
  });

  it("filters within a facet with OR, across facets with AND, and keeps a facet's own choices countable", async () => {
    const r = await listCases(v("memberA"), scoped("&area=hr&technique=speech"));
    expect(r.cases.map((c) => c.title).sort()).toEqual(["Intern", "Nätverk"]);
    expect(r.facets.area).toEqual([{ value: "hr", count: 2 }]); // speech cases only
    expect(r.facets.technique.find((f) => f.value === "generative_llm")?.count).toBe(2); // own filter ignored
    const risk = await listCases(v("memberA"), scoped("&risk=high"));
    expect(risk.cases.map((c) => c.title)).toEqual(["Nätverk"]);
    const tag = await listCases(v("anonymous"), scoped(`&tag=${tagId}`));
    expect(tag.cases.map((c) => c.title)).toEqual(["Öppen"]);
    const bad = parseListQuery(new URLSearchParams("area=nope&page=-3&sort=x"));
    expect(bad).toMatchObject({ area: [], page: 1, sort: "updated" });
  });

  it("sorts by number of adoptions", async () => {
    await recordAdoption(v("memberB"), ids.net, { org_id: world2.orgB.id, status: "adopted", adopted_on: "2026-11-01", note: "" });
    const r = await listCases(v("memberA"), scoped("&sort=adoptions"));
    expect(r.cases[0]).toMatchObject({ title: "Nätverk", adoptionCount: 1 });
  });

  it("exports exactly the readable cases with every column, as CSV with a BOM and as JSON", async () => {
    const mine = <T extends { org: { id: string } }>(recs: T[]) => recs.filter((r) => r.org.id === world2.orgA.id);
    const anon = mine(await exportCases(v("anonymous"), "http://x.se"));
    expect(anon.map((c) => c.title)).toEqual(["Öppen"]);
    expect(anon[0].contact?.email).toBe(""); // members' addresses only for members
    const b = mine(await exportCases(v("memberB"), "http://x.se"));
    expect(b.map((c) => c.title)).toEqual(["Öppen", "Nätverk", "Delad"]);
    const csv = toCsv(b as never);
    expect(csv.startsWith("\uFEFFid,url,title,summary,organisation")).toBe(true);
    expect(csv.split("\r\n")[0].replace("\uFEFF", "").split(",")).toEqual([...EXPORT_COLUMNS]);
    expect(csv).toContain("Öppen");
    expect(csv).toContain("Sparad tid: 120 timmar/månad");
    const json = toJson(b as never);
    // The badge's one wording per level, in both languages.
    expect(json.map((r) => [r.title, r.visibility_label_sv, r.visibility_label_en])).toEqual([
      ["Öppen", "Offentlig", "Public"],
      ["Nätverk", "Hela nätverket", "The whole network"],
      ["Delad", `${b[2].org.name} och utvalda organisationer: ${b[2].sharedOrgs.map((o) => o.name).join(", ")}`, `${b[2].org.name} and chosen organisations: ${b[2].sharedOrgs.map((o) => o.name).join(", ")}`],
    ]);
    expect(Object.keys(json[0])).toEqual([...EXPORT_COLUMNS]);
    expect(json[0].figures).toEqual([{ label: "Sparad tid", value: 120, unit: "timmar/månad" }]);
  });

  it("gives latest cases, organisation cases (drafts for editors) and content health", async () => {
    expect((await latestCases(v("anonymous"), 50)).some((c) => c.id === ids.net)).toBe(false);
    const forMember = await listOrgCases(v("memberA"), world2.orgA.id);
    expect(forMember.map((c) => c.title)).not.toContain("Utkast");
    const forAdmin = await listOrgCases(v("adminA"), world2.orgA.id);
    expect(forAdmin.map((c) => c.title)).toContain("Utkast");
    // a year later every case is past its review-by date... except FUTURE is 2099; move one back
    await db.updateTable("cases").set({ review_by: "2026-01-01" }).where("id", "=", ids.org).execute();
    const health = await listNeedsReview(v("adminA"));
    expect(health.map((c) => c.id)).toEqual([ids.org]);
    expect(health[0].needsReview).toBe(true);
    expect(await listNeedsReview(v("memberA"))).toEqual([]); // not an editor
    expect((await listNeedsReview(v("memberA"), world2.orgA.id)).map((c) => c.id)).toEqual([ids.org]);
    expect(await listNeedsReview(v("memberB"), world2.orgA.id)).toEqual([]); // cannot read it
    expect((await listNeedsReview(v("networkModerator"))).map((c) => c.id)).toEqual([]); // org-only: out of scope
  });
});

describe("promoting a solved question", () => {
  async function question(orgId: string, authorId: string, solved: boolean, tagIds: string[] = []) {
    const t = await db.insertInto("threads").values({
      kind: "question", title: "Hur sammanfattar ni remissvar?", slug: "remissvar", body_md: "Vi får 300 remissvar per år.", body_html: "<p>x</p>",
      renderer_version: 1, org_id: orgId, visibility: "network", author_id: authorId, last_activity_at: now, created_at: now, updated_at: now,
    }).returning("id").executeTakeFirstOrThrow();
    const p = await db.insertInto("posts").values({
      thread_id: t.id, number: 1, author_id: authorId, body_md: "Vi använder en språkmodell med en mall.", body_html: "<p>y</p>", renderer_version: 1, created_at: now, updated_at: now,
    }).returning("id").executeTakeFirstOrThrow();
    if (solved) await db.updateTable("threads").set({ accepted_post_id: p.id }).where("id", "=", t.id).execute();
    for (const tag_id of tagIds) await db.insertInto("thread_tags").values({ thread_id: t.id, tag_id }).execute();
    return t.id;
  }

  it("creates a linked draft with title, problem, approach and tags; only once; only for solved questions", async () => {
    const tag = await makeTag(db, "remissvar", "internal_admin");
    const tid = await question(w.orgA.id, w.userIds.memberA, true, [tag.id]);
    expect(await promoteThread(ctx("memberA"), tid)).toEqual({ ok: false, reason: "notAllowed" });
    expect(await promoteThread(ctx("anonymous"), tid)).toBeNull();
    const r = await promoteThread(ctx("ambassadorA"), tid);
    expect(r).toMatchObject({ ok: true, existing: false });
    const id = (r as { id: string }).id;
    const c = await getCase(ctx("ambassadorA"), id);
    expect(c).toMatchObject({
      state: "draft", title: "Hur sammanfattar ni remissvar?", problem: "Vi får 300 remissvar per år.",
      approach: "Vi använder en språkmodell med en mall.", sourceThreadId: tid, visibility: "network", org: { id: w.orgA.id },
    });
    expect(c?.tags.map((t) => t.slug)).toEqual(["remissvar"]);
    expect(await promoteThread(ctx("ambassadorA"), tid)).toMatchObject({ ok: true, id, existing: true });
    expect(await caseForThread(ctx("memberB"), tid)).toBeNull(); // still a draft
    await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { title: c!.title, contact_email: w.viewers.ambassadorA!.email }), id);
    expect(await caseForThread(ctx("memberB"), tid)).toMatchObject({ id, title: c!.title });

    const open = await question(w.orgA.id, w.userIds.memberA, false);
    expect(await promoteThread(ctx("ambassadorA"), open)).toEqual({ ok: false, reason: "notSolved" });
  });

  it("stays within the question's visibility when someone from another organisation promotes it", async () => {
    const orgD = await createOrg(db);
    const amb = await viewerFor(db, (await createUser(db, { orgId: orgD.id, role: "ambassador" })).id);
    const tid = await question(w.orgA.id, w.userIds.memberA, true);
    const r = await promoteThread({ db, viewer: amb, now }, tid);
    const c = await getCase({ db, viewer: amb, now }, (r as { id: string }).id);
    expect(c).toMatchObject({ org: { id: orgD.id }, visibility: "network" });
    void FUTURE;
  });
});

describe("exports list each case's attachments", () => {
  it("carries the files the viewer may read (name, title, type, size, download path) in CSV and JSON; hidden ones only for moderators", async () => {
    const { storeUploads, hideAttachment } = await import("../../app/attachments/attachments.server");
    const { incoming, makePdf } = await import("../support/attachments");
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Fallet med bilagor", visibility: "public" });
    const up = async (name: string) => {
      const [r] = await storeUploads(ctx("ambassadorA"), [await incoming(await makePdf(name), name)]);
      if (!r.ok) throw new Error(r.code);
      return r.attachment;
    };
    const spec = await up("Kravspecifikation.pdf");
    const dpia = await up("DPIA.pdf");
    const formula = await up("formel.pdf");
    const saved = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { title: "Fallet med bilagor", visibility: "public", contact_email: w.viewers.ambassadorA!.email }), id, {
      attachments: { publicIds: [spec.publicId, dpia.publicId, formula.publicId], keep: [], titles: { [spec.publicId]: "Kravspecifikation", [formula.publicId]: "=HYPERLINK(\"http://x.se\")" } },
    });
    expect(saved?.ok).toBe(true);
    expect((await hideAttachment(ctx("moderatorA"), dpia.publicId, "Personuppgifter")).ok).toBe(true);
    const one = async (who: keyof World["viewers"]) => (await exportCases(ctx(who), "http://x.se")).filter((c) => c.id === id);

    for (const who of ["anonymous", "memberB", "memberA", "ambassadorA"] as const) {
      const [rec] = await one(who);
      // The uploader may still open their hidden file, but an export never carries it onward.
      expect(rec.attachments.map((a) => a.filename), who).toEqual(["Kravspecifikation.pdf", "formel.pdf"]);
    }
    const [anon] = await one("anonymous");
    expect(anon.attachments[0]).toEqual({
      filename: "Kravspecifikation.pdf", title: "Kravspecifikation", type: "application/pdf", size: spec.size,
      path: spec.href, url: `http://x.se${spec.href}`, hidden: false,
    });
    expect(spec.href).toMatch(new RegExp(`^/a/${spec.publicId}/`));

    const json = toJson([anon]);
    expect(Object.keys(json[0])).toEqual([...EXPORT_COLUMNS]);
    expect(json[0].attachments).toEqual([
      { filename: "Kravspecifikation.pdf", title: "Kravspecifikation", type: "application/pdf", size: spec.size, path: spec.href, url: `http://x.se${spec.href}` },
      { filename: "formel.pdf", title: "=HYPERLINK(\"http://x.se\")", type: "application/pdf", size: formula.size, path: formula.href, url: `http://x.se${formula.href}` },
    ]);
    const csv = toCsv([anon]);
    const header = csv.split("\r\n")[0].replace("\uFEFF", "").split(",");
    // Columns are only ever added at the end: the files, then the visibility badge's wording (issue 16).
    expect(header.slice(-3)).toEqual(["attachments", "visibility_label_sv", "visibility_label_en"]);
    expect(csv).toContain(`Kravspecifikation (Kravspecifikation.pdf, application/pdf, ${spec.size} bytes) <http://x.se${spec.href}>`);
    expect(csv).not.toContain("DPIA");

    // Moderators in scope get the hidden file too, marked as hidden.
    const [mod] = await one("moderatorA");
    expect(mod.attachments.map((a) => [a.filename, a.hidden])).toEqual([["Kravspecifikation.pdf", false], ["DPIA.pdf", true], ["formel.pdf", false]]);
    expect(toJson([mod])[0].attachments[1]).toMatchObject({ filename: "DPIA.pdf", hidden: true });

    // A case the viewer may not read carries no files into their export at all.
    const orgOnly = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Internt med bilaga", visibility: "organisation" });
    const secret = await up("Intern.pdf");
    const s2 = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { title: "Internt med bilaga", visibility: "organisation", contact_email: w.viewers.ambassadorA!.email }), orgOnly, { attachments: { publicIds: [secret.publicId], keep: [] } });
    expect(s2?.ok).toBe(true);
    const all = await exportCases(ctx("memberB"), "http://x.se");
    expect(all.some((c) => c.id === orgOnly)).toBe(false);
    expect(JSON.stringify(toJson(all))).not.toContain(secret.publicId);
    expect((await exportCases(ctx("memberA"), "http://x.se")).find((c) => c.id === orgOnly)?.attachments.map((a) => a.filename)).toEqual(["Intern.pdf"]);
  });
});
