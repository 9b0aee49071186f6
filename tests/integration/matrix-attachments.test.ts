import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { attachmentForModeration, attachmentsOf, deleteAttachment, hideAttachment, openDownload, storeUploads } from "../../app/attachments/attachments.server";
import { exportCases } from "../../app/cases/export.server";
import type { AttachmentParentType } from "../../db/types/attachments";
import { reply } from "../../app/forum/posts.server";
import { createThread } from "../../app/forum/threads.server";
import type { Audience } from "../../app/forum/types";
import { readableTarget } from "../../app/policy/targets.server";
import { saveCase } from "../../app/cases/cases.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { caseForm } from "../support/cases";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { incoming, makeJpegWithExif } from "../support/attachments";

// Authorization matrix, attachment axis: every principal × parent kind (thread opening text,
// reply in a thread, case) × parent visibility × parent state × (list, download, thumbnail,
// delete, hide, the moderation page /mod/attachment, and for cases the CSV/JSON export). The oracle for "may read the parent" is the parent's own resolver
// (readableTarget, the predicate side of the read rule); attachments answer through SQL
// (readableAttachments). A file of a parent the principal cannot read must never show: 0 leaks.
// "membership removed" is the `removed` principal (a person whose membership was taken away);
// "narrowed" is a parent whose audience was cut to its own organisation after the file was attached.
const ACTIONS = ["list", "download", "thumbnail", "delete", "hide", "modPage", "export"] as const;
type Action = (typeof ACTIONS)[number];
const AUDIENCES: Audience[] = ["organisation", "chosen", "network", "public"];
const STATES: Record<AttachmentParentType, string[]> = {
  thread: ["live", "hidden", "deleted", "narrowed", "fileHidden", "fileDeleted"],
  post: ["live", "hidden", "deleted", "threadHidden", "narrowed", "fileHidden"],
  case: ["published", "draft", "hidden", "deleted", "narrowed", "fileHidden", "fileDeleted"],
};
const MODS = new Set<PrincipalName>(["moderatorA", "adminA", "networkModerator", "networkAdmin"]);

let db: DB;
let destroy: () => Promise<void>;
let w: World;
let n = 0;
let jpeg: Buffer;
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db, [{ slug: "matris", sv: "Matris", en: "Matrix", area: "it" }]);
  jpeg = await makeJpegWithExif(700, 400);
});
afterAll(() => destroy());

const UPLOADER: Record<AttachmentParentType, PrincipalName> = { thread: "ambassadorA", post: "memberA", case: "ambassadorA" };

async function pending(p: PrincipalName) {
  const [r] = await storeUploads(ctx(p), [await incoming(jpeg, `bild-${++n}.jpg`)]);
  if (!r.ok) throw new Error(r.code);
  // Each fixture its own bytes' row (same blob is fine: content-addressed).
  return r.attachment.publicId;
}

/** One parent of `kind` in `aud` with one attached image, then put in `state`. */
async function fixture(kind: AttachmentParentType, aud: Audience, state: string) {
  const shared = aud === "chosen" ? [w.orgB.id] : [];
  let parentId: string;
  let threadId: string | null = null;
  const pid = await pending(UPLOADER[kind]);
  if (kind === "case") {
    const res = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, {
      contact_email: w.viewers.ambassadorA!.email, intent: state === "draft" ? "save" : "publish", title: `Fall ${++n}`,
      visibility: aud === "chosen" ? "shared" : aud, shared_org_ids: shared,
    }), undefined, { attachments: { publicIds: [pid] } });
    if (!res?.ok) throw new Error(JSON.stringify(res));
    parentId = res.id;
  } else {
    const t = await createThread(ctx("ambassadorA"), { kind: "question", title: `Matrisfråga ${++n}`, body: "Text", tags: ["matris"], orgId: w.orgA.id, audience: aud, sharedOrgIds: shared }, { attachments: { publicIds: kind === "thread" ? [pid] : [] } });
    if (!t.ok) throw new Error(JSON.stringify(t.errors));
    threadId = t.id;
    parentId = t.id;
    if (kind === "post") {
      const r = await reply(ctx("memberA"), t.id, { body: "Svar med bild" }, { attachments: { publicIds: [pid] } });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      parentId = r.id;
    }
  }
  const mod = w.userIds.moderatorA;
  const table = kind === "case" ? "cases" : kind === "thread" ? "threads" : "posts";
  const now = new Date();
  if (state === "hidden") await db.updateTable(table).set({ hidden_at: now, hidden_by: mod, hidden_reason: "x" }).where("id", "=", parentId).execute();
  if (state === "deleted") await db.updateTable(table).set({ deleted_at: now }).where("id", "=", parentId).execute();
  if (state === "threadHidden") await db.updateTable("threads").set({ hidden_at: now, hidden_by: mod, hidden_reason: "x" }).where("id", "=", threadId!).execute();
  if (state === "narrowed") {
    const t = kind === "case" ? "cases" : "threads";
    await db.updateTable(t).set({ visibility: "organisation", shared_org_ids: [] }).where("id", "=", kind === "case" ? parentId : threadId!).execute();
  }
  if (state === "fileHidden") await db.updateTable("attachments").set({ hidden_at: now, hidden_by: mod, hidden_reason: "x" }).where("public_id", "=", pid).execute();
  if (state === "fileDeleted") await db.updateTable("attachments").set({ deleted_at: now }).where("public_id", "=", pid).execute();
  // Exports carry published, live cases only (the list rule), whoever may open a draft or hidden one.
  const listed = kind === "case" && !["draft", "hidden", "deleted"].includes(state);
  return { parentId, pid, fileHidden: state === "fileHidden", fileDeleted: state === "fileDeleted", listed };
}

async function attempt(p: PrincipalName, kind: AttachmentParentType, f: { parentId: string; pid: string }, action: Action): Promise<boolean> {
  const c = ctx(p);
  switch (action) {
    case "list": return ((await attachmentsOf(c, kind, [f.parentId])).get(f.parentId) ?? []).some((a) => a.publicId === f.pid);
    case "download": return (await openDownload(c, f.pid, null)) !== null;
    case "thumbnail": return (await openDownload(c, f.pid, "thumb")) !== null;
    case "hide": {
      const before = await db.selectFrom("attachments").select(["hidden_at", "hidden_by", "hidden_reason"]).where("public_id", "=", f.pid).executeTakeFirstOrThrow();
      const ok = (await hideAttachment(c, f.pid, "Matris")).ok;
      if (ok) await db.updateTable("attachments").set(before).where("public_id", "=", f.pid).execute();
      return ok;
    }
    case "modPage": return (await attachmentForModeration(c, f.pid)) !== null;
    case "export": {
      if (kind !== "case") return false;
      const rec = (await exportCases(c, "http://x.se")).find((r) => r.id === f.parentId);
      return Boolean(rec?.attachments.some((a) => a.path.startsWith(`/a/${f.pid}/`)));
    }
    case "delete": {
      const before = await db.selectFrom("attachments").select("deleted_at").where("public_id", "=", f.pid).executeTakeFirstOrThrow();
      const ok = (await deleteAttachment(c, f.pid)).ok;
      if (ok) await db.updateTable("attachments").set({ deleted_at: before.deleted_at }).where("public_id", "=", f.pid).execute();
      return ok;
    }
  }
}

function expected(p: PrincipalName, kind: AttachmentParentType, parentReadable: boolean, f: { fileHidden: boolean; fileDeleted: boolean; listed: boolean }, action: Action): boolean {
  if (!parentReadable) return false;
  const mod = MODS.has(p);
  const uploader = p === UPLOADER[kind];
  const readsFile = (!f.fileDeleted || mod) && (!f.fileHidden || mod || uploader);
  switch (action) {
    case "list": case "download": case "thumbnail": return readsFile;
    case "hide": case "modPage": return mod;
    // Never a deleted file; a hidden one only for moderators (not its uploader: an export travels on).
    case "export": return kind === "case" && f.listed && !f.fileDeleted && (!f.fileHidden || mod);
    case "delete": return readsFile && (uploader || mod);
  }
}

describe("authorization matrix: attachments", () => {
  for (const kind of ["thread", "post", "case"] as const) {
    for (const aud of AUDIENCES) {
      it(`${kind} · ${aud}: every principal × state × action as the parent's read rule says`, async () => {
        const wrong: string[] = [];
        let leaks = 0;
        for (const state of STATES[kind]) {
          const f = await fixture(kind, aud, state);
          for (const p of PRINCIPALS) {
            const parentReadable = (await readableTarget(ctx(p), kind, f.parentId)) !== null;
            for (const action of ACTIONS) {
              const got = await attempt(p, kind, f, action);
              const want = expected(p, kind, parentReadable, f, action);
              if (got !== want) wrong.push(`${state} · ${p} · ${action}: got ${got}`);
              if (got && !parentReadable) leaks++;
            }
          }
        }
        expect(leaks, "files of parents the principal cannot read").toBe(0);
        expect(wrong).toEqual([]);
      });
    }
  }

  it("the oracle is not vacuous: some principals read and some don't, in every kind", async () => {
    for (const kind of ["thread", "post", "case"] as const) {
      const f = await fixture(kind, "organisation", kind === "case" ? "published" : "live");
      expect(await attempt("memberA", kind, f, "download")).toBe(true);
      expect(await attempt("memberB", kind, f, "download")).toBe(false);
      expect(await attempt("anonymous", kind, f, "thumbnail")).toBe(false);
    }
  });
});
