import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { freshDatabase } from "../support/db";
import { createUser, viewerFor } from "../support/factories";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";

// The authorization matrix for organisation and membership actions, generated from one table.
// Each row is an action run through the real domain function; each letter is the expected
// outcome for a principal, in PRINCIPALS order:
//   anonymous memberA ambassadorA moderatorA adminA memberB networkModerator networkAdmin deactivated removed
// Y = allowed, N = refused (denied exactly like "not found": a 404).

let db: DB;
let destroy: () => Promise<void>;
let world: World;
let n = 0;
const uniq = () => `${Date.now().toString(36)}${n++}`;

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  world = await createWorld(db);
});
afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

type Run = (viewer: Viewer | null) => Promise<unknown>;
const ctx = (viewer: Viewer | null) => ({ db, viewer, now: new Date() });
const freshMemberOfA = async () => (await createUser(db, { orgId: world.orgA.id, role: "member" })).id;
const orgValues = (slug: string) => ({ slug, name: `Kommun ${slug}`, kind: "municipality" as const, emailDomains: [] as string[], description: "" });

const ACTIONS: [string, string, Run][] = [
  ["view the organisation directory", "YYYYYYYYYY", async (v) => (await import("../../app/orgs/orgs.server")).listOrganisations(ctx(v))],
  ["view organisation A's profile", "YYYYYYYYYY", async (v) => (await import("../../app/orgs/orgs.server")).getOrgProfile(ctx(v), world.orgA.slug)],
  ["see who is a member of A", "NYYYYYYYNN", async (v) => {
    const p = await (await import("../../app/orgs/orgs.server")).getOrgProfile(ctx(v), world.orgA.slug);
    if (p.members === null) throw new Response(null, { status: 404 });
  }],
  ["view a person's profile (member of A)", "NYYYYYYYNN", async (v) => {
    const handle = (await viewerFor(db, world.userIds.memberA)).handle;
    return (await import("../../app/orgs/people.server")).getPersonProfile(ctx(v), handle);
  }],
  ["view a deactivated person's profile", "NNNNNNNYNN", async (v) => {
    const handle = (await viewerFor(db, world.userIds.deactivated)).handle;
    return (await import("../../app/orgs/people.server")).getPersonProfile(ctx(v), handle);
  }],
  ["open A's admin page (members, pending invitations)", "NNNNYNNYNN", async (v) => (await import("../../app/orgs/members.server")).getOrgAdmin(ctx(v), world.orgA.slug)],
  ["invite to A", "NNNNYNNYNN", async (v) => (await import("../../app/orgs/invitations.server")).createInvitation(ctx(v), world.orgA.slug, { email: `inv-${uniq()}@example.se`, role: "member" }, "sv")],
  ["invite to B", "NNNNNNNYNN", async (v) => (await import("../../app/orgs/invitations.server")).createInvitation(ctx(v), world.orgB.slug, { email: `inv-${uniq()}@example.se`, role: "member" }, "sv")],
  ["withdraw an invitation to A", "NNNNYNNYNN", async (v) => {
    const { createInvitation, revokeInvitation } = await import("../../app/orgs/invitations.server");
    const admin = await viewerFor(db, world.userIds.adminA);
    const email = `rev-${uniq()}@example.se`;
    await createInvitation(ctx(admin), world.orgA.slug, { email, role: "member" }, "sv");
    const inv = await db.selectFrom("invitations").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    return revokeInvitation(ctx(v), world.orgA.slug, inv.id);
  }],
  ["change a member's role in A", "NNNNYNNYNN", async (v) => (await import("../../app/orgs/members.server")).changeRole(ctx(v), world.orgA.slug, await freshMemberOfA(), "ambassador")],
  ["remove a member of A", "NNNNYNNYNN", async (v) => (await import("../../app/orgs/members.server")).removeMember(ctx(v), world.orgA.slug, await freshMemberOfA())],
  ["create an organisation", "NNNNNNNYNN", async (v) => (await import("../../app/orgs/orgs.server")).createOrganisation(ctx(v), orgValues(`ny-${uniq()}`))],
  ["edit organisation A", "NNNNNNNYNN", async (v) => {
    const { getOrgProfile, updateOrganisation } = await import("../../app/orgs/orgs.server");
    const before = await getOrgProfile(ctx(null), world.orgA.slug);
    return updateOrganisation(ctx(v), world.orgA.id, { slug: before.slug, name: before.name, kind: before.kind, emailDomains: before.domains, description: `ändrad ${uniq()}` });
  }],
  ["grant a network role", "NNNNNNNYNN", async (v) => (await import("../../app/orgs/people.server")).setNetworkRole(ctx(v), await freshMemberOfA(), "moderator")],
  ["deactivate a person", "NNNNNNNYNN", async (v) => (await import("../../app/orgs/people.server")).setDeactivated(ctx(v), await freshMemberOfA(), true)],
  ["list people (network admin)", "NNNNNNNYNN", async (v) => (await import("../../app/orgs/people.server")).listPeople(ctx(v), "")],
  ["open own settings and sessions", "NYYYYYYYNN", async (v) => {
    const { getSettings } = await import("../../app/orgs/people.server");
    const { listMySessions } = await import("../../app/auth/sessions.server");
    await getSettings(ctx(v));
    return listMySessions(ctx(v), null);
  }],
  // Demo mode: signed in, a person reads the mailbox (their own mail); signed out is sent to sign-in (N).
  ["view /dev/mailbox in demo mode", "NYYYYYYYNN", (v) => mailboxLoader(v, "1")],
  // Mail to someone else (a password-reset link) is for network admins only, with or without ?to=.
  ["read another person's mail in /dev/mailbox", "NNNNNNNYNN", async (v) => {
    const to = `annan-${uniq()}@example.org`;
    await db.insertInto("dev_mailbox").values({ to_address: to, subject: "Återställ", text_body: "http://x/reset/hemlig" }).execute();
    for (const query of [`?to=${encodeURIComponent(to)}`, ""]) {
      const data = (await (await mailboxLoader(v, "1", query)).json()) as { messages: { to: string }[] };
      if (!data.messages.some((m) => m.to === to)) throw new Response(null, { status: 404 });
      if (v && v.networkRole !== "admin" && data.messages.some((m) => m.to !== v.email)) throw new Error("saw someone else's mail");
    }
  }],
  ["view /dev/mailbox outside demo mode", "NNNNNNNNNN", (v) => mailboxLoader(v, "0")],
];

/** The mailbox loader; its sign-in redirect for signed-out visitors counts as refused (a 404 here). */
async function mailboxLoader(viewer: Viewer | null, demo: string, query = ""): Promise<Response> {
  const before = process.env.DEMO_MODE;
  process.env.DEMO_MODE = demo;
  try {
    const { loader } = await import("../../app/routes/dev.mailbox");
    const request = new Request(`http://localhost/dev/mailbox${query}`);
    return await loader({ request, params: {}, context: { viewer, sessionId: null, locale: "sv", nonce: "n" } } as never);
  } catch (e) {
    if (e instanceof Response && e.status === 302) {
      expect(e.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fdev%2Fmailbox/);
      throw new Response(null, { status: 404 });
    }
    throw e;
  } finally {
    process.env.DEMO_MODE = before;
  }
}

/** Y when the action completes (and any result says ok), N when it answers 404. */
async function outcome(run: Run, viewer: Viewer | null): Promise<"Y" | "N"> {
  try {
    const r = await run(viewer);
    if (r && typeof r === "object" && "ok" in r && (r as { ok: unknown }).ok === false) throw new Error(`unexpected validation failure: ${JSON.stringify(r)}`);
    return "Y";
  } catch (e) {
    if (e instanceof Response && e.status === 404) return "N";
    throw e;
  }
}

describe("authorization matrix: organisations and memberships", () => {
  it("has one letter per principal in every row", () => {
    for (const [name, expected] of ACTIONS) expect(expected, name).toMatch(new RegExp(`^[YN]{${PRINCIPALS.length}}$`));
  });
  for (const [name, expected, run] of ACTIONS) {
    describe(name, () => {
      PRINCIPALS.forEach((p: PrincipalName, i) => {
        it(`${p} → ${expected[i] === "Y" ? "allowed" : "refused"}`, async () => {
          expect(await outcome(run, world.viewers[p])).toBe(expected[i]);
        });
      });
    });
  }
});

describe("the same rules as pure predicates", () => {
  it("agrees with the policy module", async () => {
    const policy = await import("../../app/policy");
    const rows: [string, (v: Viewer | null) => boolean, string][] = [
      ["canViewOrgDirectory", (v) => policy.canViewOrgDirectory(v), "YYYYYYYYYY"],
      ["canViewMembers", (v) => policy.canViewMembers(v), "NYYYYYYYNN"],
      ["canManageMembers(A)", (v) => policy.canManageMembers(v, world.orgA.id), "NNNNYNNYNN"],
      ["canInvite(B)", (v) => policy.canInvite(v, world.orgB.id), "NNNNNNNYNN"],
      ["canEditOrganisation(A)", (v) => policy.canEditOrganisation(v, world.orgA.id), "NNNNNNNYNN"],
      ["canGrantNetworkRoles", (v) => policy.canGrantNetworkRoles(v), "NNNNNNNYNN"],
      ["canDeactivatePeople", (v) => policy.canDeactivatePeople(v), "NNNNNNNYNN"],
      ["canViewDevMailbox(demo)", (v) => policy.canViewDevMailbox(v, true) !== null, "NYYYYYYYNN"],
      ["canViewDevMailbox(demo) = all", (v) => policy.canViewDevMailbox(v, true) === "all", "NNNNNNNYNN"],
      ["canViewDevMailbox(production)", (v) => policy.canViewDevMailbox(v, false) !== null, "NNNNNNNNNN"],
    ];
    for (const [name, pred, expected] of rows) {
      expect(PRINCIPALS.map((p) => (pred(world.viewers[p]) ? "Y" : "N")).join(""), name).toBe(expected);
    }
  });
});
