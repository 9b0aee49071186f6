import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { hideAttachment, storeUploads } from "../../app/attachments/attachments.server";
import { saveCase } from "../../app/cases/cases.server";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { searchWithFallback } from "../../search/engine";
import { drainOutbox } from "../../search/worker";
import { bulkReindexPostgres, reindex } from "../../search/cli/reindex";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { caseForm, makeCase } from "../support/cases";
import { createWorld, type World } from "../support/principals";
import { req } from "../support/search";
import { incoming, makePdf } from "../support/attachments";
import { runExtractionJobs } from "../support/attachment-text";

// The full reindex (npm run search:reindex) and the set-based bulk build keep the extracted text
// of attachments exactly as incremental indexing writes it: a word only in an attached PDF still
// finds its case, thread or reply afterwards — and a hidden file's words stay out.

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
const ctx = (p: keyof World["viewers"]) => ({ db, viewer: w.viewers[p], now: new Date() });

const WORDS = { case: "upphandlingsbilagan", thread: "trådbilagsordet", post: "svarsbilagsordet", hidden: "doldbilagsordet" };
const ids: Record<"case" | "thread" | "post", string> = { case: "", thread: "", post: "" };

async function upload(p: keyof World["viewers"], text: string, name: string) {
  const [r] = await storeUploads(ctx(p), [await incoming(await makePdf(text), name)]);
  if (!r.ok) throw new Error(`upload refused: ${r.code}`);
  return r.attachment;
}

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db, [{ slug: "bilagor", sv: "Bilagor", en: "Attachments", area: "it" }]);
  // A network case whose only mention of the word is in its attached PDF.
  ids.case = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Taltjänst i växeln" });
  const spec = await upload("ambassadorA", `Kravspecifikation ${WORDS.case}`, "Kravspecifikation.pdf");
  const saved = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { title: "Taltjänst i växeln", contact_email: w.viewers.ambassadorA!.email }), ids.case, { attachments: { publicIds: [spec.publicId], keep: [] } });
  expect(saved?.ok).toBe(true);
  // A network thread with a file on its opening text (one visible, one to be hidden) and a reply with one.
  const a = await upload("memberA", `Underlag ${WORDS.thread}`, "underlag.pdf");
  const hidden = await upload("memberA", `Personuppgifter ${WORDS.hidden}`, "lista.pdf");
  const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Hur upphandlar ni taltjänster?", body: "Se bilagorna.", tags: ["bilagor"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] }, { attachments: { publicIds: [a.publicId, hidden.publicId] } });
  if (!t.ok) throw new Error(JSON.stringify(t.errors));
  ids.thread = t.id;
  const b = await upload("memberB", `Vårt avtal ${WORDS.post}`, "avtal.pdf");
  const r = await reply(ctx("memberB"), t.id, { body: "Så här gjorde vi." }, { attachments: { publicIds: [b.publicId] } });
  if (!r.ok) throw new Error("reply");
  ids.post = r.id;
  await runExtractionJobs(db, url);
  expect((await hideAttachment(ctx("moderatorA"), hidden.publicId, "Personuppgifter")).ok).toBe(true);
  await drainOutbox(db, null);
});
afterAll(() => destroy());

/** Who finds `word` (as memberB, who may read every parent here), and through which file. */
async function find(word: string) {
  const r = await searchWithFallback(db, req(word), w.viewers.memberB, null);
  return r.hits.map((h) => ({ type: h.type, id: h.id, file: h.attachment?.filename ?? null }));
}
async function attachmentColumns() {
  const { rows } = await sql<{ doc_type: string; doc_id: string; attachments: unknown; attachment_text: string }>`
    SELECT doc_type, doc_id, attachments, attachment_text FROM search_documents WHERE attachment_text <> '' ORDER BY doc_type, doc_id`.execute(db);
  return rows;
}
async function expectAllFound() {
  expect(await find(WORDS.case)).toEqual([{ type: "case", id: ids.case, file: "Kravspecifikation.pdf" }]);
  expect(await find(WORDS.thread)).toEqual([{ type: "thread", id: ids.thread, file: "underlag.pdf" }]);
  expect(await find(WORDS.post)).toEqual([{ type: "post", id: ids.post, file: "avtal.pdf" }]);
  expect(await find(WORDS.hidden)).toEqual([]);
}

describe("reindexing keeps attachment text", () => {
  let incremental: Awaited<ReturnType<typeof attachmentColumns>>;

  it("incremental indexing finds each word only in its attached file (the baseline)", async () => {
    await expectAllFound();
    incremental = await attachmentColumns();
    expect(incremental.map((r) => r.doc_type).sort()).toEqual(["case", "post", "thread"]);
  });

  it("a full reindex from an empty index writes the same attachment columns, and the words are found", async () => {
    await sql`DELETE FROM search_documents`.execute(db);
    expect(await find(WORDS.case)).toEqual([]);
    await reindex(db, "postgres", false);
    expect(await attachmentColumns()).toEqual(incremental);
    await expectAllFound();
  });

  it("the set-based bulk build writes the same attachment columns, and the words are found", async () => {
    await sql`DELETE FROM search_documents`.execute(db);
    await bulkReindexPostgres(db, false);
    expect(await attachmentColumns()).toEqual(incremental);
    await expectAllFound();
  });
});
