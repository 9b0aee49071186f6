import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { deletePost, editPost, reply, vote } from "../../app/forum/posts.server";
import { acceptAnswer, setHaveQuestionToo } from "../../app/forum/qa.server";
import { createThread, deleteThread, editThread } from "../../app/forum/threads.server";
import { createTag, mergeTag, updateTag } from "../../app/forum/tags.server";
import { deleteCase, saveCase } from "../../app/cases/cases.server";
import { recordAdoption, removeAdoption } from "../../app/cases/adoptions.server";
import { promoteThread } from "../../app/cases/promote.server";
import { createInvitation, revokeInvitation } from "../../app/orgs/invitations.server";
import { changeRole, removeMember } from "../../app/orgs/members.server";
import { updateOrganisation } from "../../app/orgs/orgs.server";
import { moderate } from "../../app/moderation/actions.server";
import { flagItem } from "../../app/moderation/flags.server";
import type { ModAction } from "../../app/moderation/schemas";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { createForumTags } from "../support/forum";
import { caseForm, makeCase } from "../support/cases";

// Issue 19 item 8, probed systematically: every principal from outside organisation A tries every
// write action on A's items, A's organisation and its members. Each attempt must be refused
// (null, false, ok: false, or a 403/404 thrown) and leave every content table exactly as it was
// (an md5 over the rows). Items kept to A are unreadable to them, so every action is refused;
// on A's network-wide items, only what belongs to A's authors and moderators is probed.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
const now = new Date("2026-12-02T10:00:00Z");

const TABLES = [
  "threads", "posts", "votes", "question_followers", "thread_watchers", "thread_tags", "post_revisions", "cases", "case_revisions",
  "case_tags", "adoptions", "memberships", "invitations", "organisations", "tags", "flags", "best_practice_marks", "moderator_edits",
  "redactions", "moderation_notices", "audit_log", "notifications", "users",
] as const;
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES) {
    const r = await sql<{ h: string | null }>`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${sql.table(t)} x`.execute(db);
    parts.push(`${t}:${r.rows[0]?.h}`);
  }
  return parts.join(",");
}

type Outcome = "refused" | "succeeded";
async function outcomeOf(f: () => Promise<unknown>): Promise<Outcome> {
  try {
    const r = await f();
    if (r === null || r === undefined || r === false) return "refused";
    if (typeof r === "object" && "ok" in r && (r as { ok: unknown }).ok === false) return "refused";
    return "succeeded";
  } catch (e) {
    if (e instanceof Response && e.status >= 400 && e.status < 500) return "refused";
    throw e;
  }
}

type T = {
  restrictedThread: string; restrictedPost: string; networkThread: string; networkPost: string; bThread: string;
  restrictedCase: string; networkCase: string; draftCase: string; adoptionByC: string; invitation: string; tagSlug: string; otherTagSlug: string;
};
let t: T;
let attackers: [string, Viewer | null][];

async function thread(v: Viewer, audience: "network" | "chosen", title: string, sharedOrgIds: string[] = []) {
  const r = await createThread({ db, viewer: v, now }, { kind: "question", title, body: "Hur gör ni med detta i er kommun?", orgId: v.memberships[0].orgId, audience, sharedOrgIds, tags: "gdpr" } as never);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.id;
}

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
  orgD = (await createOrg(db)).id;
  const memberA = w.viewers.memberA!;
  const ambA = w.viewers.ambassadorA!;
  // Restricted: kept to A (shared with D, where no attacker belongs).
  const restrictedThread = await thread(memberA, "chosen", "Intern fråga i A", [orgD]);
  const networkThread = await thread(memberA, "network", "Öppen fråga i A");
  const bThread = await thread(w.viewers.memberB!, "network", "Fråga i B");
  const rr = await reply({ db, viewer: ambA, now }, restrictedThread, { body: "Internt svar" });
  const nr = await reply({ db, viewer: ambA, now }, networkThread, { body: "Öppet svar" });
  if (!rr.ok || !nr.ok) throw new Error("reply");
  const restrictedCase = await makeCase(db, ambA, w.orgA.id, { visibility: "organisation", title: "Internt fall" }, now);
  const networkCase = await makeCase(db, ambA, w.orgA.id, { title: "Öppet fall" }, now);
  const draft = await saveCase({ db, viewer: ambA, now }, caseForm(w.orgA.id, { intent: "save", title: "Utkast i A", contact_email: ambA.email }));
  const memberC = await viewerFor(db, (await createUser(db, { orgId: w.orgC.id })).id);
  const ad = await recordAdoption({ db, viewer: memberC, now }, networkCase, { org_id: w.orgC.id, status: "adopted", adopted_on: "2026-01-01", note: "" });
  const inv = await createInvitation({ db, viewer: w.viewers.adminA, now }, w.orgA.slug, { email: "ny@a.example.se", role: "member" }, "sv");
  if (!draft?.ok || !ad?.ok || !inv.ok) throw new Error("setup");
  const invitation = (await db.selectFrom("invitations").select("id").where("email", "=", "ny@a.example.se").executeTakeFirstOrThrow()).id;
  t = {
    restrictedThread, restrictedPost: rr.id, networkThread, networkPost: nr.id, bThread, restrictedCase, networkCase, draftCase: draft.id,
    adoptionByC: ad.id, invitation, tagSlug: "gdpr", otherTagSlug: "copilot",
  };
  const extra = async (orgId: string, role: "admin" | "ambassador" | "moderator") => viewerFor(db, (await createUser(db, { orgId, role })).id);
  attackers = [
    ["anonymous", null], ["memberB", w.viewers.memberB], ["ambassadorB", await extra(w.orgB.id, "ambassador")],
    ["moderatorB", await extra(w.orgB.id, "moderator")], ["adminB", await extra(w.orgB.id, "admin")],
    ["networkModerator", w.viewers.networkModerator],
    // A network moderator who also writes case studies for their own organisation (the review's case).
    ["networkModeratorAmbassadorC", await viewerFor(db, (await createUser(db, { orgId: w.orgC.id, role: "ambassador", networkRole: "moderator" })).id)],
    ["deactivated", w.viewers.deactivated], ["removed", w.viewers.removed],
  ];
});
afterAll(() => destroy());

const mod = (intent: string, targetType: "thread" | "post" | "case", targetId: string, extra: Record<string, string> = {}) =>
  ({ intent, targetType, targetId, reason: "Prövar gränserna", note: "Prövar gränserna", scope: "front", tags: "copilot", body: "Ändrad text", text: "svar", decisionRef: "KS 2026/1", ...extra }) as unknown as ModAction;

/**
 * Name; who is an outsider for it (true: everyone outside A, network moderators included; false:
 * not network moderators, whose job it is on what they can read; "plain": only people without a
 * role anywhere, for the network's shared tags, which any organisation's moderators curate); the attempt.
 */
type Attempt = [string, boolean | "plain", (v: Viewer | null) => Promise<unknown>];
const PLAIN = new Set(["anonymous", "memberB", "deactivated", "removed"]);
let orgD: string;
const c = (v: Viewer | null) => ({ db, viewer: v, now });
// A valid contact person, so a case form is refused for who sends it, not for a missing field.
const contact = () => w.viewers.ambassadorA!.email;
function attempts(): Attempt[] {
  const restricted: Attempt[] = [
    ["reply to A's restricted thread", true, (v) => reply(c(v), t.restrictedThread, { body: "Intrång" })],
    ["edit A's restricted thread", true, (v) => editThread(c(v), t.restrictedThread, { title: "Intrång", body: "Intrång", reason: "" })],
    ["delete A's restricted thread", true, (v) => deleteThread(c(v), t.restrictedThread)],
    ["edit a reply in A's restricted thread", true, (v) => editPost(c(v), t.restrictedPost, { body: "Intrång", reason: "" })],
    ["delete a reply in A's restricted thread", true, (v) => deletePost(c(v), t.restrictedPost)],
    ["accept in A's restricted thread", true, (v) => acceptAnswer(c(v), t.restrictedThread, t.restrictedPost)],
    ["vote in A's restricted thread", true, (v) => vote(c(v), t.restrictedPost, true)],
    ["have-too on A's restricted thread", true, (v) => setHaveQuestionToo(c(v), t.restrictedThread, true)],
    ["flag A's restricted thread", true, (v) => flagItem(c(v), { targetType: "thread", targetId: t.restrictedThread, reason: "spam", text: "" })],
    ["promote A's restricted thread", true, (v) => promoteThread(c(v), t.restrictedThread)],
    ["edit A's restricted case", true, (v) => saveCase(c(v), caseForm(w.orgA.id, { title: "Intrång", visibility: "organisation", contact_email: contact() }), t.restrictedCase)],
    ["delete A's restricted case", true, (v) => deleteCase(c(v), t.restrictedCase)],
    ["adopt A's restricted case", true, (v) => recordAdoption(c(v), t.restrictedCase, { org_id: v?.memberships[0]?.orgId ?? w.orgB.id, status: "trying", adopted_on: "2026-01-01", note: "" })],
  ];
  for (const intent of ["hide", "lock", "pin", "retag", "edit", "redact", "mark_best", "mark_outdated", "dismiss", "dispose"]) {
    restricted.push([`moderate (${intent}) A's restricted thread`, true, (v) => moderate(c(v), mod(intent, "thread", t.restrictedThread))]);
    restricted.push([`moderate (${intent}) A's restricted case`, true, (v) => moderate(c(v), mod(intent, "case", t.restrictedCase, { field: "problem" }))]);
  }
  const network: Attempt[] = [
    ["edit A's network thread", false, (v) => editThread(c(v), t.networkThread, { title: "Intrång", body: "Intrång", reason: "" })],
    ["delete A's network thread", false, (v) => deleteThread(c(v), t.networkThread)],
    ["edit A's reply in a network thread", false, (v) => editPost(c(v), t.networkPost, { body: "Intrång", reason: "" })],
    ["delete A's reply in a network thread", false, (v) => deletePost(c(v), t.networkPost)],
    ["accept in A's network thread", false, (v) => acceptAnswer(c(v), t.networkThread, t.networkPost)],
    ["edit A's network case", false, (v) => saveCase(c(v), caseForm(w.orgA.id, { title: "Intrång", contact_email: contact() }), t.networkCase)],
    ["move A's network case to the actor's organisation", true, (v) => saveCase(c(v), caseForm(v?.memberships[0]?.orgId ?? w.orgB.id, { title: "Intrång", contact_email: contact() }), t.networkCase)],
    ["publish A's draft case", true, (v) => saveCase(c(v), caseForm(w.orgA.id, { contact_email: contact() }), t.draftCase)],
    ["delete A's network case", false, (v) => deleteCase(c(v), t.networkCase)],
    ["record an adoption for A of A's own case", true, (v) => recordAdoption(c(v), t.networkCase, { org_id: w.orgA.id, status: "trying", adopted_on: "2026-01-01", note: "" })],
    ["record an adoption for D (not the actor's)", true, (v) => recordAdoption(c(v), t.networkCase, { org_id: orgD, status: "trying", adopted_on: "2026-01-01", note: "x" })],
    ["withdraw C's adoption", false, (v) => removeAdoption(c(v), t.adoptionByC)],
    ["edit B's thread (not theirs) from outside B", false, (v) => (v?.memberships.some((m) => m.orgId === w.orgB.id) ? Promise.resolve(null) : editThread(c(v), t.bThread, { title: "Intrång", body: "Intrång", reason: "" }))],
    ["invite to A", true, (v) => createInvitation(c(v), w.orgA.slug, { email: `intrang-${v?.id ?? "anon"}@example.se`, role: "admin" }, "sv")],
    ["revoke A's invitation", true, (v) => revokeInvitation(c(v), w.orgA.slug, t.invitation).then(() => true)],
    ["promote a member of A to admin", true, (v) => changeRole(c(v), w.orgA.slug, w.userIds.memberA, "admin")],
    ["demote A's admin", true, (v) => changeRole(c(v), w.orgA.slug, w.userIds.adminA, "member")],
    ["remove a member of A", true, (v) => removeMember(c(v), w.orgA.slug, w.userIds.memberA)],
    ["rename organisation A", true, (v) => updateOrganisation(c(v), w.orgA.id, { slug: w.orgA.slug, name: "Kapad kommun", kind: "municipality", emailDomains: ["kapad.se"], description: "" })],
    ["create a tag", "plain", (v) => createTag(c(v), { slug: `intrang-${v?.id ?? "anon"}`, nameSv: `Intrång ${v?.id}`, nameEn: `Intrusion ${v?.id}`, area: "it", description: "", synonyms: "" } as never)],
    ["rename a tag", "plain", (v) => updateTag(c(v), t.tagSlug, { nameSv: "Kapad", nameEn: "Hijacked", description: "", synonyms: "" } as never)],
    ["merge a tag", "plain", (v) => mergeTag(c(v), t.otherTagSlug, { into: t.tagSlug })],
  ];
  for (const intent of ["hide", "lock", "pin", "edit", "redact", "mark_best", "dispose"]) {
    network.push([`moderate (${intent}) A's network thread`, false, (v) => moderate(c(v), mod(intent, "thread", t.networkThread))]);
  }
  return [...restricted, ...network];
}

describe("cross-organisation writes", () => {
  it("every outsider's attempt on A is refused and changes nothing", async () => {
    const holes: string[] = [];
    let tried = 0;
    for (const [name, v] of attackers) {
      for (const [action, who, attempt] of attempts()) {
        if (who === "plain" && !PLAIN.has(name)) continue;
        if (name.startsWith("networkModerator") && !who) continue; // their job on what they can read
        tried++;
        const before = await snapshot();
        const outcome = await outcomeOf(() => attempt(v));
        const after = await snapshot();
        if (outcome === "succeeded" || before !== after) holes.push(`${name}: ${action} (${outcome}${before !== after ? ", database changed" : ""})`);
      }
    }
    console.info(`cross-organisation writes: ${tried} attempts, ${holes.length} succeeded`);
    expect(holes).toEqual([]);
    expect(tried).toBeGreaterThan(300);
  });

  it("the same attempts by A's own admin mostly go through (the probe can tell success from refusal)", async () => {
    const admin = w.viewers.adminA;
    let ok = 0;
    for (const [action, , attempt] of attempts()) {
      if (/delete|dispose|remove|demote|merge|rename organisation/.test(action)) continue;
      if ((await outcomeOf(() => attempt(admin))) === "succeeded") ok++;
    }
    expect(ok).toBeGreaterThan(10);
  });
});
