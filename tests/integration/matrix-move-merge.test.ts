import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { canMergeThreads, canMoveThread, canMoveThreadTo, type ThreadFacts, type Visibility } from "../../app/policy";
import { spawnApp, waitForStatus, type AppProcess } from "../support/app-process";
import { freshDatabase } from "../support/db";
import { FACTORY_PASSWORD } from "../support/factories";
import { makePost, makeThread } from "../support/moderation";
import { createWorld, PRINCIPALS, signInPrincipals, type PrincipalName, type World } from "../support/principals";

// The move/merge axis of the authorization matrix (issue 16 item 7): every principal × thread
// visibility × thread state × action, asked of the policy functions (canMoveThread,
// canMoveThreadTo, canMergeThreads) and of the real routes (GET and POST of /mod/move and
// /mod/merge on a production server of this database, each principal signed in through the
// login form). The thread is ambassadorA's in Kommun A with one reply of memberA's; "chosen"
// shares the organisation-only thread with Kommun B. Expectations are written out here by hand,
// not derived from app/policy. Allowed ⇒ it happens (the rows and the audit entry say so);
// denied ⇒ nothing changes, and whoever may not read the thread (or the merge target) gets
// exactly the answer a missing thread gets: 0 leaks.
type Vis = "organisation" | "chosen" | "network" | "public";
const VIS: Vis[] = ["organisation", "chosen", "network", "public"];
const STATES = ["live", "locked", "hidden", "deleted"] as const;
type State = (typeof STATES)[number];
const A = ["memberA", "ambassadorA", "moderatorA", "adminA"] as const;
const NET = ["networkModerator", "networkAdmin"] as const;
const READERS: Record<Vis, readonly PrincipalName[]> = {
  organisation: A, chosen: [...A, "memberB"], network: [...A, "memberB", ...NET], public: PRINCIPALS,
};
/** Moderators in scope of a Kommun A thread they can read; Kommun B's threads: the network roles only. */
const MODS_A = new Set<PrincipalName>(["moderatorA", "adminA", ...NET]);
const MODS_B = new Set<PrincipalName>([...NET]);
const SIGNED_IN = new Set<PrincipalName>([...A, "memberB", ...NET]);
const AUTHOR = "ambassadorA" as const;
/** Where a move may go: each organisation × audience. */
type Dest = { org: "A" | "B"; visibility: Visibility };
const DESTS: Dest[] = (["A", "B"] as const).flatMap((org) => (["organisation", "network", "public"] as const).map((visibility) => ({ org, visibility })));
/** Merge targets besides the matrix's own thread: live questions of A (network), of B (network), B's organisation-only one, and none. */
const INTO = ["liveA", "liveB", "privateB", "missing"] as const;
type Into = (typeof INTO)[number];

const MISSING = "999999999";
const current = (vis: Vis) => ({ org: "A" as const, visibility: (vis === "chosen" ? "organisation" : vis) as Visibility });

function reads(p: PrincipalName, vis: Vis, s: State): boolean {
  const r = SIGNED_IN.has(p) && READERS[vis].includes(p);
  switch (s) {
    case "live": case "locked": return r;
    case "hidden": return r && (p === AUTHOR || MODS_A.has(p));
    case "deleted": return r && MODS_A.has(p);
  }
}
const mayMove = (p: PrincipalName, vis: Vis, s: State) => reads(p, vis, s) && s !== "deleted" && (MODS_A.has(p) || p === AUTHOR);
/** Network roles anywhere; Kommun A's people only within Kommun A (ambassador and up may choose "public"). */
function mayMoveTo(p: PrincipalName, vis: Vis, s: State, d: Dest): boolean {
  if (!mayMove(p, vis, s)) return false;
  const here = current(vis);
  if (d.org === here.org && d.visibility === here.visibility) return false;
  return (NET as readonly string[]).includes(p) || d.org === "A";
}
const mergeableSource = (p: PrincipalName, vis: Vis, s: State) => reads(p, vis, s) && MODS_A.has(p) && (s === "live" || s === "locked");
/** Who may merge into each fixed target (a moderator of it who can read it; live questions). */
const intoOk = (p: PrincipalName, into: Into) => into === "liveA" ? MODS_A.has(p) : into === "liveB" ? MODS_B.has(p) : false;

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
let app: AppProcess;
const cookies = new Map<PrincipalName, string>();
const orgId = (o: "A" | "B") => (o === "A" ? w.orgA.id : w.orgB.id);
const stats = { cells: 0, allowed: 0, denied: 0, leaks: [] as string[], changed: [] as string[] };
let seq = 0;

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  app = await spawnApp({ DATABASE_URL: url, HOST: "127.0.0.1", DEMO_MODE: "1", SEED: "never" });
  await waitForStatus(app, "/healthz", 60_000);
  for (const [p, c] of await signInPrincipals(db, w, app.url, PRINCIPALS, FACTORY_PASSWORD)) cookies.set(p, c);
}, 90_000);
afterAll(async () => {
  console.log(`move/merge matrix: ${stats.cells} cells (routes: ${stats.allowed} allowed, ${stats.denied} denied), ${stats.leaks.length} leaks, ${stats.changed.length} denied changes`);
  await app?.stop();
  await destroy();
});

/** A fresh thread of the matrix: ambassadorA's question in Kommun A, one reply, in the given audience and state. */
async function cellThread(vis: Vis, s: State) {
  const title = `Matris ${vis} ${s} ${++seq} ordmarkor${seq}x`;
  const id = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds[AUTHOR], visibility: current(vis).visibility, shared: vis === "chosen" ? [w.orgB.id] : [], title });
  await makePost(db, { threadId: id, authorId: w.userIds.memberA });
  await db.updateTable("threads").set({ reply_count: 1 }).where("id", "=", id).execute();
  const now = new Date();
  if (s === "locked") await db.updateTable("threads").set({ locked_at: now }).where("id", "=", id).execute();
  if (s === "hidden") await db.updateTable("threads").set({ hidden_at: now, hidden_reason: "Dold" }).where("id", "=", id).execute();
  if (s === "deleted") await db.updateTable("threads").set({ deleted_at: now }).where("id", "=", id).execute();
  return { id, title };
}
async function intoThread(into: Into): Promise<{ id: string; title: string }> {
  if (into === "missing") return { id: MISSING, title: "saknas" };
  const title = `Mål ${into} ${++seq} malord${seq}y`;
  const id = await makeThread(db, into === "liveA"
    ? { orgId: w.orgA.id, authorId: w.userIds.memberA, visibility: "network", title }
    : { orgId: w.orgB.id, authorId: w.userIds.memberB, visibility: into === "liveB" ? "network" : "organisation", title });
  return { id, title };
}

async function facts(id: string): Promise<ThreadFacts & { id: string }> {
  const t = await db.selectFrom("threads").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  return { id: t.id, orgId: t.org_id, visibility: t.visibility, sharedOrgIds: t.shared_org_ids ?? [], authorId: t.author_id, kind: t.kind, hiddenAt: t.hidden_at, deletedAt: t.deleted_at, lockedAt: t.locked_at, discussionOf: null };
}

/** Everything a move or merge could change about these threads. */
async function snapshot(ids: string[]) {
  const real = ids.filter((i) => i !== MISSING);
  const [threads, posts, audit, notices] = await Promise.all([
    db.selectFrom("threads").select(["id", "org_id", "visibility", "shared_org_ids", "deleted_at", "merged_into_id", "reply_count", "hidden_at", "locked_at"]).where("id", "in", real).orderBy("id").execute(),
    db.selectFrom("posts").select(["id", "thread_id", "number"]).where("thread_id", "in", real).orderBy("id").execute(),
    db.selectFrom("audit_log").select("id").where("target_type", "=", "thread").where("target_id", "in", real).execute(),
    db.selectFrom("moderation_notices").select("id").where("target_type", "=", "thread").where("target_id", "in", real).execute(),
  ]);
  return JSON.stringify({ threads, posts, audit: audit.length, notices: notices.length });
}

type Answer = { status: number; location: string | null; h1: string | null; errors: string[]; text: string };
async function call(p: PrincipalName, path: string, form?: Record<string, string>): Promise<Answer> {
  const c = cookies.get(p);
  const res = await fetch(`${app.url}${path}`, {
    method: form ? "POST" : "GET", redirect: "manual",
    headers: { ...(c ? { Cookie: c } : {}), ...(form ? { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url } : {}) },
    body: form ? new URLSearchParams(form) : undefined,
  });
  const text = await res.text();
  return {
    status: res.status, location: res.headers.get("location"), text,
    h1: /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(text)?.[1] ?? null,
    errors: [...text.matchAll(/class="field-error"[^>]*>([^<]*)</g)].map((m) => m[1]),
  };
}
/** What a missing thread's answer and this one share when nothing may leak: the ids replaced, the rest equal. */
const shape = (a: Answer, ids: string[]) => {
  const norm = (s: string | null) => (s === null ? null : ids.reduce((x, id) => x.split(id).join("ID"), s));
  return JSON.stringify({ status: a.status, location: norm(a.location), h1: a.h1, errors: a.errors });
};
function sameAsMissing(label: string, got: Answer, missing: Answer, ids: string[], titles: string[]) {
  stats.denied++;
  if (shape(got, ids) !== shape(missing, [MISSING, ...ids])) stats.leaks.push(`${label}: ${shape(got, ids)} ≠ missing ${shape(missing, [MISSING, ...ids])}`);
  for (const t of titles) if (got.text.includes(t)) stats.leaks.push(`${label}: the answer names "${t}"`);
}

async function unchanged(label: string, ids: string[], before: string) {
  if ((await snapshot(ids)) !== before) stats.changed.push(label);
}

describe("move/merge matrix: policy functions", () => {
  it("canMoveThread, canMoveThreadTo and canMergeThreads agree with the hand-written table in every cell", async () => {
    const wrong: string[] = [];
    const fixed = { liveA: await facts((await intoThread("liveA")).id), liveB: await facts((await intoThread("liveB")).id), privateB: await facts((await intoThread("privateB")).id) };
    for (const vis of VIS) {
      for (const s of STATES) {
        const t = await facts((await cellThread(vis, s)).id);
        for (const p of PRINCIPALS) {
          const v = w.viewers[p];
          const check = (what: string, got: boolean, want: boolean) => {
            stats.cells++;
            if (got !== want) wrong.push(`${p} · ${vis} · ${s} · ${what}: got ${got}`);
          };
          check("move", canMoveThread(v, t), mayMove(p, vis, s));
          for (const d of DESTS) check(`move to ${d.org}/${d.visibility}`, canMoveThreadTo(v, t, { orgId: orgId(d.org), visibility: d.visibility }), mayMoveTo(p, vis, s, d));
          for (const into of ["liveA", "liveB", "privateB"] as const) {
            check(`merge into ${into}`, canMergeThreads(v, t, fixed[into]), mergeableSource(p, vis, s) && intoOk(p, into));
            check(`merge ${into} into it`, canMergeThreads(v, fixed[into], t), intoOk(p, into) && mergeableSource(p, vis, s) && into !== "privateB");
          }
          check("merge into itself", canMergeThreads(v, t, t), false);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("move/merge matrix: the routes", () => {
  const missing = new Map<PrincipalName, Record<string, Answer>>();
  beforeAll(async () => {
    const liveA = (await intoThread("liveA")).id;
    for (const p of PRINCIPALS) {
      missing.set(p, {
        moveGet: await call(p, `/mod/move?targetId=${MISSING}`),
        movePost: await call(p, "/mod/move", { targetId: MISSING, orgId: w.orgA.id, visibility: "network", reason: "" }),
        mergeGet: await call(p, `/mod/merge?targetId=${MISSING}`),
        mergeChoose: await call(p, "/mod/merge", { targetId: MISSING, into: liveA, reason: "" }),
        mergePost: await call(p, "/mod/merge", { targetId: MISSING, into: liveA, reason: "", confirm: "1" }),
      });
      // What "missing" answers: signed in 404, signed out the way to sign in.
      const got = Object.values(missing.get(p)!).map((a) => a.status);
      if (SIGNED_IN.has(p)) expect(got, p).toEqual([404, 404, 404, 404, 404]);
      else expect(got.every((x) => x === 302 || x === 303), `${p}: ${got}`).toBe(true);
    }
  }, 60_000);

  it("the comparison tells an honest refusal from a missing thread (the check can fail)", async () => {
    const t = await cellThread("network", "live");
    const refused = await call("memberB", `/mod/move?targetId=${t.id}`);
    expect(refused.status).toBe(403);
    expect(shape(refused, [t.id])).not.toBe(shape(missing.get("memberB")!.moveGet, [MISSING]));
    const hidden = await cellThread("organisation", "live");
    expect(shape(await call("memberB", `/mod/move?targetId=${hidden.id}`), [hidden.id])).toBe(shape(missing.get("memberB")!.moveGet, [MISSING]));
  });

  const cells = VIS.flatMap((vis) => STATES.map((s) => [vis, s] as const));

  it.each(cells)("move · %s · %s: the page and every destination, for every principal", async (vis, s) => {
    await Promise.all(PRINCIPALS.map(async (p) => {
      const m = missing.get(p)!;
      const t = await cellThread(vis, s);
      const get = await call(p, `/mod/move?targetId=${t.id}`);
      stats.cells++;
      if (mayMove(p, vis, s)) {
        stats.allowed++;
        expect(get.status, `${p} GET`).toBe(200);
        expect(get.text).toContain(t.title);
      } else if (reads(p, vis, s)) {
        stats.denied++;
        expect(get.status, `${p} GET (reads it, may not move it)`).toBe(403);
      } else sameAsMissing(`${p} · ${vis} · ${s} · GET /mod/move`, get, m.moveGet, [t.id], [t.title]);
      for (const d of DESTS) {
        const label = `${p} · ${vis} · ${s} · move to ${d.org}/${d.visibility}`;
        const x = await cellThread(vis, s);
        const before = await snapshot([x.id]);
        const r = await call(p, "/mod/move", { targetId: x.id, orgId: orgId(d.org), visibility: d.visibility, reason: "Matris" });
        stats.cells++;
        if (mayMoveTo(p, vis, s, d)) {
          stats.allowed++;
          expect(r.status, label).toBe(303);
          const row = await db.selectFrom("threads").select(["org_id", "visibility", "shared_org_ids"]).where("id", "=", x.id).executeTakeFirstOrThrow();
          expect({ org: row.org_id, vis: row.visibility, shared: row.shared_org_ids }, label).toEqual({ org: orgId(d.org), vis: d.visibility, shared: [] });
          const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("target_type", "=", "thread").where("target_id", "=", x.id).execute();
          expect(audit, label).toEqual([{ action: "thread.move", actor_id: w.userIds[p as Exclude<PrincipalName, "anonymous">] }]);
          continue;
        }
        await unchanged(label, [x.id], before);
        if (!reads(p, vis, s)) sameAsMissing(label, r, m.movePost, [x.id], [x.title]);
        else {
          stats.denied++;
          // Readable: an honest refusal (403 without the right, 400 with the field message for a destination not allowed or the same place).
          expect(r.status, label).toBe(mayMove(p, vis, s) ? 400 : 403);
        }
      }
    }));
    expect(stats.leaks).toEqual([]);
    expect(stats.changed).toEqual([]);
  }, 120_000);

  it.each(cells)("merge · %s · %s: the page, into each target, and each source into it, for every principal", async (vis, s) => {
    await Promise.all(PRINCIPALS.map(async (p) => {
      const m = missing.get(p)!;
      const t = await cellThread(vis, s);
      const get = await call(p, `/mod/merge?targetId=${t.id}`);
      stats.cells++;
      if (mergeableSource(p, vis, s)) {
        stats.allowed++;
        expect(get.status, `${p} GET`).toBe(200);
        expect(get.text).toContain(t.title);
      } else if (reads(p, vis, s) && MODS_A.has(p)) {
        stats.denied++;
        // A hidden or removed question can't be merged: the page says so (the moderator reads it).
        expect(get.status, `${p} GET (not mergeable)`).toBe(200);
        expect(get.text).not.toContain('name="intoOther"');
      } else if (reads(p, vis, s)) {
        stats.denied++;
        expect(get.status, `${p} GET (reads it, may not merge)`).toBe(403);
      } else sameAsMissing(`${p} · ${vis} · ${s} · GET /mod/merge`, get, m.mergeGet, [t.id], [t.title]);

      // This thread into each fixed target, both steps (choose, confirm).
      for (const into of INTO) {
        const label = `${p} · ${vis} · ${s} · merge into ${into}`;
        const x = await cellThread(vis, s);
        const y = await intoThread(into);
        const before = await snapshot([x.id, y.id]);
        const choose = await call(p, "/mod/merge", { targetId: x.id, into: y.id, reason: "" });
        const r = await call(p, "/mod/merge", { targetId: x.id, into: y.id, reason: "", confirm: "1" });
        stats.cells += 2;
        if (mergeableSource(p, vis, s) && intoOk(p, into)) {
          stats.allowed += 2;
          expect(choose.status, `${label} (choose)`).toBe(200);
          expect(choose.text, label).toContain(y.title);
          expect(r.status, label).toBe(303);
          const row = await db.selectFrom("threads").select(["merged_into_id", "deleted_at"]).where("id", "=", x.id).executeTakeFirstOrThrow();
          expect(row.merged_into_id, label).toBe(y.id);
          const moved = await db.selectFrom("posts").select("thread_id").where("author_id", "=", w.userIds.memberA).where("thread_id", "in", [x.id, y.id]).execute();
          expect(moved.map((q) => q.thread_id), label).toEqual([y.id]);
          continue;
        }
        await unchanged(label, [x.id, y.id], before);
        if (!reads(p, vis, s)) {
          sameAsMissing(`${label} (choose)`, choose, m.mergeChoose, [x.id, y.id], [x.title, y.title]);
          sameAsMissing(label, r, m.mergePost, [x.id, y.id], [x.title, y.title]);
        } else if (!MODS_A.has(p)) {
          stats.denied += 2;
          expect([choose.status, r.status], label).toEqual([403, 403]);
        } else if (!mergeableSource(p, vis, s)) {
          stats.denied += 2;
          expect([choose.status, r.status], `${label} (hidden/removed source)`).toEqual([409, 409]);
        } else {
          // A target they can't merge into (unreadable, out of scope or missing): one answer for all.
          const none = await intoThread("missing");
          const c0 = await call(p, "/mod/merge", { targetId: x.id, into: none.id, reason: "" });
          const r0 = await call(p, "/mod/merge", { targetId: x.id, into: none.id, reason: "", confirm: "1" });
          sameAsMissing(`${label} (choose)`, choose, c0, [x.id, y.id], [y.title]);
          sameAsMissing(label, r, r0, [x.id, y.id], [y.title]);
        }
      }

      // A live network question of Kommun A into this thread (this thread as the target).
      const label = `${p} · ${vis} · ${s} · merge liveA into it`;
      const src = await intoThread("liveA");
      const x = await cellThread(vis, s);
      const before = await snapshot([src.id, x.id]);
      const r = await call(p, "/mod/merge", { targetId: src.id, into: x.id, reason: "", confirm: "1" });
      stats.cells++;
      if (MODS_A.has(p) && mergeableSource(p, vis, s)) {
        stats.allowed++;
        expect(r.status, label).toBe(303);
        expect((await db.selectFrom("threads").select("merged_into_id").where("id", "=", src.id).executeTakeFirstOrThrow()).merged_into_id, label).toBe(x.id);
        return;
      }
      await unchanged(label, [src.id, x.id], before);
      if (!SIGNED_IN.has(p) || !MODS_A.has(p)) {
        // Not a moderator of the source: refused at the source, whatever the target is.
        stats.denied++;
        expect(r.status, label).toBe(SIGNED_IN.has(p) ? 403 : m.mergePost.status);
        for (const title of [x.title]) expect(r.text, label).not.toContain(title);
      } else {
        const r0 = await call(p, "/mod/merge", { targetId: src.id, into: MISSING, reason: "", confirm: "1" });
        sameAsMissing(label, r, r0, [src.id, x.id], reads(p, vis, s) ? [] : [x.title]);
      }
    }));
    expect(stats.leaks).toEqual([]);
    expect(stats.changed).toEqual([]);
  }, 180_000);
});
