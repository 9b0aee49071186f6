import { createHash, randomBytes } from "node:crypto";
import { Logger, runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { recordAdoption } from "../../app/cases/adoptions.server";
import { reply } from "../../app/forum/posts.server";
import { createThread, editThread } from "../../app/forum/threads.server";
import type { Viewer } from "../../app/policy";
import { downloadArchive, listArchiveExports, requestArchiveExport } from "../../app/privacy/archive.server";
import { privacyCrontab, privacyTasks } from "../../app/privacy/jobs.server";
import { makeCase } from "../support/cases";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { createForumTags } from "../support/forum";
import { readZip, streamToBuffer } from "../support/zip";

// The e-archive export: network admins only; a real graphile-worker job streams every record type
// as JSON Lines into PostgreSQL chunks (several, the data is larger than one); the zip (yauzl)
// carries a manifest whose SHA-256 sums and counts match every file, and every record its author,
// organisation, creation time and provenance (upprättad by the host organisation's own official,
// inkommen from another organisation's).
let db: DB;
let url: string;
let destroy: () => Promise<void>;
let admin: Viewer;
let memberA: Viewer;
let memberB: Viewer;
const silent = new Logger(() => () => {});
const ctx = (viewer: Viewer | null) => ({ db, viewer, now: new Date() });

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  await createForumTags(db);
  const a = await createOrg(db, { name: "Gävle kommun" });
  const b = await createOrg(db, { name: "Sandvikens kommun" });
  admin = await viewerFor(db, (await createUser(db, { orgId: a.id, networkRole: "admin" })).id);
  memberA = await viewerFor(db, (await createUser(db, { orgId: a.id, role: "ambassador", name: "Anna Arkiv" })).id);
  memberB = await viewerFor(db, (await createUser(db, { orgId: b.id, role: "ambassador", name: "Bo Bortom" })).id);
  const t = await createThread(ctx(memberA), { kind: "question", title: "Hur arkiverar ni chattloggar?", body: "Fråga.", tags: ["copilot"], orgId: a.id, audience: "network", sharedOrgIds: [] });
  if (!t.ok) throw new Error("thread");
  expect((await editThread(ctx(memberA), t.id, { title: "Hur arkiverar ni chattloggar från AI?", body: "Fråga, ändrad.", reason: "förtydligat" })).ok).toBe(true);
  expect((await reply(ctx(memberB), t.id, { body: "Vi i Sandviken gör så här." })).ok).toBe(true);
  // Enough text that the zip spans several chunks (random, so it does not compress away).
  for (let i = 0; i < 60; i++) expect((await reply(ctx(memberA), t.id, { body: `Logg ${i}: ${randomBytes(6000).toString("hex")}` })).ok).toBe(true);
  const caseId = await makeCase(db, memberA, a.id, { title: "Arkivering av AI-loggar" });
  const adoption = await recordAdoption(ctx(memberB), caseId, { org_id: b.id, status: "adopted", adopted_on: "2026-11-01", note: "Infört", derived_case_id: "" });
  expect(adoption?.ok).toBe(true);
  await db.insertInto("disposals").values({ target_type: "post", target_id: "999", org_id: a.id, decision_ref: "Dnr KS 2026/123", title: "Gammalt svar", disposed_by: admin.id }).execute();
}, 120_000);
afterAll(() => destroy());

describe("archive export", () => {
  it("is for network admins only", async () => {
    for (const v of [null, memberA, memberB]) {
      await expect(requestArchiveExport(ctx(v))).rejects.toMatchObject({ status: 404 });
      await expect(listArchiveExports(ctx(v))).rejects.toMatchObject({ status: 404 });
      await expect(downloadArchive(ctx(v), "1")).rejects.toMatchObject({ status: 404 });
    }
  });

  it("can be scheduled with ARCHIVE_EXPORT_CRON", () => {
    expect(privacyCrontab({})).toBe("");
    expect(privacyCrontab({ ARCHIVE_EXPORT_CRON: "nonsense" })).toBe("");
    expect(privacyCrontab({ ARCHIVE_EXPORT_CRON: "0 2 * * 0" })).toBe("0 2 * * 0 archive_export_scheduled ?id=archive_export_scheduled");
  });

  it("builds a zip whose manifest checksums match every file, with provenance on every record", async () => {
    const r = await requestArchiveExport(ctx(admin));
    expect(r.ok).toBe(true);
    expect(await requestArchiveExport(ctx(admin))).toEqual({ ok: false, reason: "busy" });
    await runOnce({ connectionString: url, taskList: privacyTasks(db), logger: silent, concurrency: 1 });
    const [e] = await listArchiveExports(ctx(admin));
    expect(e).toMatchObject({ status: "done", available: true });
    expect(e.progress).toBe(e.total);
    const chunks = await db.selectFrom("data_export_chunks").select("seq").where("export_id", "=", e.id).execute();
    expect(chunks.length).toBeGreaterThan(1);
    const file = await downloadArchive(ctx(admin), e.id);
    const buf = await streamToBuffer(file!.stream);
    expect(createHash("sha256").update(buf).digest("hex")).toBe(e.sha256);
    const zip = await readZip(buf);
    const manifest = JSON.parse(zip.get("manifest.json")!.toString("utf8"));
    expect(manifest.format_version).toBe("1.0");
    for (const f of manifest.files) {
      const body = zip.get(f.path);
      expect(body, f.path).toBeDefined();
      expect(createHash("sha256").update(body!).digest("hex"), f.path).toBe(f.sha256);
      expect(body!.length).toBe(f.bytes);
      if (f.path.endsWith(".jsonl")) expect(body!.toString("utf8").split("\n").filter(Boolean)).toHaveLength(f.records);
    }
    const sums = zip.get("SHA256SUMS")!.toString("utf8").trim().split("\n");
    expect(sums).toEqual(manifest.files.map((f: { sha256: string; path: string }) => `${f.sha256}  ${f.path}`));
    const records = (name: string) => zip.get(`data/${name}`)!.toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
    const threads = records("threads.jsonl");
    expect(threads).toHaveLength(2); // the question and the case's discussion
    expect(threads).toContainEqual(expect.objectContaining({ record_type: "thread", title: "Hur arkiverar ni chattloggar från AI?", provenance: "upprattad", author: expect.objectContaining({ name: "Anna Arkiv" }), organisation: expect.objectContaining({ name: "Gävle kommun" }) }));
    const posts = records("posts.jsonl");
    expect(posts).toHaveLength(61);
    expect(posts.find((p) => p.body_md === "Vi i Sandviken gör så här.")).toMatchObject({ provenance: "inkommen", author: { name: "Bo Bortom", organisation: "Sandvikens kommun" } });
    for (const p of posts) expect(typeof p.created_at).toBe("string");
    expect(records("post-revisions.jsonl")).toEqual([expect.objectContaining({ old_title: "Hur arkiverar ni chattloggar?", new_title: "Hur arkiverar ni chattloggar från AI?" })]);
    expect(records("cases.jsonl")).toEqual([expect.objectContaining({ title: "Arkivering av AI-loggar", provenance: "upprattad" })]);
    expect(records("case-revisions.jsonl").length).toBeGreaterThanOrEqual(1);
    expect(records("adoptions.jsonl")).toEqual([expect.objectContaining({ provenance: "upprattad", organisation: expect.objectContaining({ name: "Sandvikens kommun" }) })]);
    expect(records("gallring-decisions.jsonl")).toEqual([expect.objectContaining({ decision_ref: "Dnr KS 2026/123" })]);
    expect(records("organisations.jsonl").map((o) => o.name).sort()).toEqual(["Gävle kommun", "Sandvikens kommun"]);
    const [audit] = await db.selectFrom("audit_log").selectAll().where("action", "=", "archive.exported").execute();
    expect(audit.actor_id).toBe(admin.id);
  });
});
