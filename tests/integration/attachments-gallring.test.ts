import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { storeUploads } from "../../app/attachments/attachments.server";
import { serveAttachment } from "../../app/attachments/serve.server";
import { blobReadCache } from "../../app/attachments/blob-cache.server";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { saveCase } from "../../app/cases/cases.server";
import { moderate } from "../../app/moderation/actions.server";
import { actionSchema } from "../../app/moderation/schemas";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { createForumTags } from "../support/forum";
import { caseForm, makeCase } from "../support/cases";
import { incoming, makePdf } from "../support/attachments";

// Gallring (the moderation disposal of a thread, a reply or a case) removes the files of what it
// removes in the same flow: the attachment rows go with the parent, and their bytes leave the
// blob store — unless another record still names the same content.

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

async function upload(p: keyof World["viewers"], bytes: Buffer, name: string) {
  const [r] = await storeUploads(ctx(p), [await incoming(bytes, name)]);
  if (!r.ok) throw new Error(`upload refused: ${r.code}`);
  return r.attachment;
}
const get = (p: keyof World["viewers"], publicId: string) =>
  serveAttachment(ctx(p), new Request(`http://app.test/a/${publicId}/x`), publicId);
const hashOf = async (publicId: string) =>
  (await db.selectFrom("attachments").select("blob_hash").where("public_id", "=", publicId).executeTakeFirstOrThrow()).blob_hash;
/** What the blob store holds for a hash: its row and its chunks. */
async function stored(hash: string) {
  const blobs = await db.selectFrom("blobs").select("hash").where("hash", "=", hash).execute();
  const chunks = await db.selectFrom("blob_chunks").select("seq").where("hash", "=", hash).execute();
  return { blobs: blobs.length, chunks: chunks.length };
}
async function dispose(targetType: "thread" | "post" | "case", targetId: string) {
  const r = await moderate(ctx("networkAdmin"), actionSchema.parse({ intent: "dispose", targetType, targetId, decisionRef: "Gallringsbeslut 2026:12" }));
  expect(r.ok, JSON.stringify(r)).toBe(true);
}
async function thread(title: string) {
  const t = await createThread(ctx("memberA"), { kind: "discussion", title, body: "Se bilagan.", tags: ["bilagor"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
  if (!t.ok) throw new Error(JSON.stringify(t.errors));
  return t.id;
}

describe("gallring removes the bytes", () => {
  it("a thread's disposal removes its own files and its replies' files from storage; the download 404s", async () => {
    const opening = await upload("memberA", await makePdf("Tråden gallras"), "trad.pdf");
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "En tråd som gallras", body: "Se bilagan.", tags: ["bilagor"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] }, { attachments: { publicIds: [opening.publicId] } });
    if (!t.ok) throw new Error(JSON.stringify(t.errors));
    const answer = await upload("memberB", await makePdf("Svaret gallras"), "svar.pdf");
    const r = await reply(ctx("memberB"), t.id, { body: "Här är vårt underlag" }, { attachments: { publicIds: [answer.publicId] } });
    if (!r.ok) throw new Error("reply");
    const hashes = [await hashOf(opening.publicId), await hashOf(answer.publicId)];
    for (const h of hashes) expect((await stored(h)).chunks).toBeGreaterThan(0);
    for (const [p, id] of [["memberB", opening.publicId], ["memberA", answer.publicId]] as const) {
      const res = await get(p, id);
      expect(res.status).toBe(200);
      await res.arrayBuffer(); // a whole download: the process's read cache now holds a copy
    }
    const cache = blobReadCache()!;
    for (const h of hashes) {
      for (let i = 0; i < 100 && !(await cache.holds(h)); i++) await new Promise((r) => setTimeout(r, 20)); // kept once the whole file has passed
      expect(await cache.holds(h)).toBe(true);
    }

    await dispose("thread", t.id);

    for (const h of hashes) expect(await stored(h)).toEqual({ blobs: 0, chunks: 0 });
    for (const h of hashes) expect(await cache.holds(h), "the cached copy goes too").toBe(false);
    expect(await db.selectFrom("attachments").select("id").where("public_id", "in", [opening.publicId, answer.publicId]).execute()).toEqual([]);
    for (const p of ["memberA", "memberB", "networkAdmin"] as const) {
      expect((await get(p, opening.publicId)).status, p).toBe(404);
      expect((await get(p, answer.publicId)).status, p).toBe(404);
    }
  });

  it("a reply's disposal removes only that reply's file", async () => {
    const id = await thread("Tråden står kvar");
    const kept = await upload("memberA", await makePdf("Står kvar"), "kvar.pdf");
    const gone = await upload("memberA", await makePdf("Svaret gallras ensamt"), "borta.pdf");
    const r1 = await reply(ctx("memberA"), id, { body: "Första svaret" }, { attachments: { publicIds: [kept.publicId] } });
    const r2 = await reply(ctx("memberA"), id, { body: "Andra svaret" }, { attachments: { publicIds: [gone.publicId] } });
    if (!r1.ok || !r2.ok) throw new Error("reply");
    const [hk, hg] = [await hashOf(kept.publicId), await hashOf(gone.publicId)];

    await dispose("post", r2.id);

    expect(await stored(hg)).toEqual({ blobs: 0, chunks: 0 });
    expect((await get("memberB", gone.publicId)).status).toBe(404);
    expect((await stored(hk)).chunks).toBeGreaterThan(0);
    expect((await get("memberB", kept.publicId)).status).toBe(200);
  });

  it("a case's disposal removes its files, but bytes another record still names stay", async () => {
    const shared = await makePdf("Samma kravspecifikation");
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id);
    const onCase = await upload("ambassadorA", shared, "Kravspecifikation.pdf");
    const only = await upload("ambassadorA", await makePdf("Bara i fallet"), "DPIA.pdf");
    const saved = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { contact_email: w.viewers.ambassadorA!.email }), caseId, { attachments: { publicIds: [onCase.publicId, only.publicId], keep: [] } });
    expect(saved?.ok).toBe(true);
    // The same bytes attached to a thread by someone else: one blob, two records.
    const elsewhere = await upload("memberB", shared, "kopia.pdf");
    const t = await createThread(ctx("memberB"), { kind: "discussion", title: "Vi återanvände kravet", body: "Se bilagan.", tags: ["bilagor"], orgId: w.orgB.id, audience: "network", sharedOrgIds: [] }, { attachments: { publicIds: [elsewhere.publicId] } });
    if (!t.ok) throw new Error(JSON.stringify(t.errors));
    const [hs, ho] = [await hashOf(onCase.publicId), await hashOf(only.publicId)];
    expect(await hashOf(elsewhere.publicId)).toBe(hs);
    expect((await get("memberB", onCase.publicId)).status).toBe(200);

    await dispose("case", caseId);

    expect(await stored(ho)).toEqual({ blobs: 0, chunks: 0 });
    expect((await stored(hs)).chunks).toBeGreaterThan(0);
    for (const pid of [onCase.publicId, only.publicId]) {
      expect((await get("ambassadorA", pid)).status).toBe(404);
      expect((await get("networkAdmin", pid)).status).toBe(404);
    }
    const res = await get("memberA", elsewhere.publicId);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(shared)).toBe(true);
  });
});
