import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { attachmentsOf, storeUploads } from "../../app/attachments/attachments.server";
import { createThread } from "../../app/forum/threads.server";
import { saveCase } from "../../app/cases/cases.server";
import { moderate } from "../../app/moderation/actions.server";
import { actionSchema } from "../../app/moderation/schemas";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { createForumTags } from "../support/forum";
import { caseForm, makeCase } from "../support/cases";
import { incoming, makePdf } from "../support/attachments";

// Editing the files of what already exists: the case edit form (its editor) and the moderator's
// edit form (thread, reply or case). Unticked files are detached and stay in the revision
// history; new uploads are attached in the same write; a file that can't be attached rolls the
// whole edit back.

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const ctx = (p: keyof World["viewers"]) => ({ db, viewer: w.viewers[p], now: new Date() });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db, [{ slug: "bilagor", sv: "Bilagor", en: "Attachments", area: "it" }]);
});
afterAll(() => destroy());

async function upload(p: keyof World["viewers"], text: string, name: string) {
  const [r] = await storeUploads(ctx(p), [await incoming(await makePdf(text), name)]);
  if (!r.ok) throw new Error(`upload refused: ${r.code}`);
  return r.attachment;
}
const names = async (p: keyof World["viewers"], type: "thread" | "post" | "case", id: string) =>
  ((await attachmentsOf(ctx(p), type, [id])).get(id) ?? []).map((a) => a.filename).sort();

describe("editing a case's files", () => {
  it("keeps the ticked files, detaches the rest into the revision history, attaches new ones with titles", async () => {
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id);
    const form = caseForm(w.orgA.id, { contact_email: w.viewers.ambassadorA!.email });
    const a = await upload("ambassadorA", "Kravspecifikation", "krav.pdf");
    const b = await upload("ambassadorA", "DPIA", "dpia.pdf");
    expect((await saveCase(ctx("ambassadorA"), form, caseId, { attachments: { publicIds: [a.publicId, b.publicId], keep: [] } }))?.ok).toBe(true);
    expect(await names("memberA", "case", caseId)).toEqual(["dpia.pdf", "krav.pdf"]);

    const c = await upload("ambassadorA", "Utvärdering", "utvardering.pdf");
    const r = await saveCase(ctx("ambassadorA"), form, caseId, { attachments: { publicIds: [c.publicId], keep: [a.publicId], titles: { [c.publicId]: "Utvärderingsrapport", [a.publicId]: "Kravspecifikation 2026" } } });
    expect(r?.ok).toBe(true);
    expect(await names("memberA", "case", caseId)).toEqual(["krav.pdf", "utvardering.pdf"]);
    const titles = ((await attachmentsOf(ctx("memberA"), "case", [caseId])).get(caseId) ?? []).map((x) => x.title).sort();
    expect(titles).toEqual(["Kravspecifikation 2026", "Utvärderingsrapport"]);
    // The detached file is still stored, and the revision says what the case had before and after.
    const dpia = await db.selectFrom("attachments").select(["id", "detached_at"]).where("public_id", "=", b.publicId).executeTakeFirstOrThrow();
    expect(dpia.detached_at).not.toBeNull();
    const revs = await db.selectFrom("attachment_revisions as ar").innerJoin("case_revisions as cr", (j) => j.on("cr.id", "=", (eb) => eb.ref("ar.revision_id"))).select(["ar.old_ids", "ar.new_ids"]).where("ar.revision_table", "=", "case_revisions").where("cr.case_id", "=", caseId).execute();
    expect(revs.some((x) => (x.old_ids as string[]).map(String).includes(String(dpia.id)) && !(x.new_ids as string[]).map(String).includes(String(dpia.id)))).toBe(true);
  });

  it("an upload that is not the editor's own is refused and the whole edit rolls back", async () => {
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Före" });
    const foreign = await upload("memberA", "Någon annans", "annan.pdf");
    const r = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { title: "Efter", contact_email: w.viewers.ambassadorA!.email }), caseId, { attachments: { publicIds: [foreign.publicId], keep: [] } });
    expect(r?.ok).toBe(false);
    expect(JSON.stringify(r)).toContain("files:errors.missing");
    expect((await db.selectFrom("cases").select("title").where("id", "=", caseId).executeTakeFirstOrThrow()).title).toBe("Före");
  });
});

describe("the moderator's edit form carries files", () => {
  async function thread(p: keyof World["viewers"], file: string) {
    const up = await upload(p, "Trådens bilaga", file);
    const t = await createThread(ctx(p), { kind: "discussion", title: "En tråd med bilaga", body: "Se bilagan.", tags: ["bilagor"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] }, { attachments: { publicIds: [up.publicId] } });
    if (!t.ok) throw new Error(JSON.stringify(t.errors));
    return { id: t.id, file: up };
  }
  const edit = (targetId: string) => actionSchema.parse({ intent: "edit", targetType: "thread", targetId, title: "En tråd med bilaga", body: "Texten, redigerad.", reason: "Fel bilaga" });

  it("a moderator in scope replaces a thread's file in the same write as the text, with an audit entry", async () => {
    const t = await thread("memberA", "fel.pdf");
    const right = await upload("moderatorA", "Rätt bilaga", "ratt.pdf");
    const r = await moderate(ctx("moderatorA"), edit(t.id), { files: { publicIds: [right.publicId], keep: [] } });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(await names("memberB", "thread", t.id)).toEqual(["ratt.pdf"]);
    expect((await db.selectFrom("threads").select("body_md").where("id", "=", t.id).executeTakeFirstOrThrow()).body_md).toBe("Texten, redigerad.");
    expect((await db.selectFrom("audit_log").select("action").where("target_id", "=", t.id).where("action", "=", "thread.edit").execute()).length).toBe(1);
  });

  it("a file the moderator may not attach rolls the text back and names the problem; a member can't edit at all", async () => {
    const t = await thread("memberA", "kvar.pdf");
    const foreign = await upload("memberB", "Inte moderatorns", "annan.pdf");
    const r = await moderate(ctx("moderatorA"), edit(t.id), { files: { publicIds: [foreign.publicId], keep: [t.file.publicId] } });
    expect(r).toMatchObject({ ok: false, error: "invalid", key: "files:errors.missing" });
    expect((await db.selectFrom("threads").select("body_md").where("id", "=", t.id).executeTakeFirstOrThrow()).body_md).toBe("Se bilagan.");
    expect(await names("memberB", "thread", t.id)).toEqual(["kvar.pdf"]);

    const own = await upload("memberB", "Medlemmens", "medlem.pdf");
    const m = await moderate(ctx("memberB"), edit(t.id), { files: { publicIds: [own.publicId], keep: [] } });
    expect(m).toMatchObject({ ok: false, error: "forbidden" });
    expect(await names("memberB", "thread", t.id)).toEqual(["kvar.pdf"]);
  });
});
