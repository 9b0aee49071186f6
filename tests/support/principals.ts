import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { createOrg, createUser, viewerFor } from "./factories";

/**
 * The authorization matrix's principals, created in a fresh database. Every capability's matrix
 * test uses these same rows: signed out; member, ambassador, moderator and admin of A; member of
 * B; network moderator; network admin; a deactivated person; a person whose membership was removed.
 */
export const PRINCIPALS = [
  "anonymous", "memberA", "ambassadorA", "moderatorA", "adminA", "memberB",
  "networkModerator", "networkAdmin", "deactivated", "removed",
] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

export type World = {
  orgA: { id: string; slug: string };
  orgB: { id: string; slug: string };
  orgC: { id: string; slug: string };
  userIds: Record<Exclude<PrincipalName, "anonymous">, string>;
  /** What the app would resolve for each principal: deactivated/removed people get no viewer. */
  viewers: Record<PrincipalName, Viewer | null>;
};

export async function createWorld(db: DB): Promise<World> {
  const orgA = await createOrg(db, { name: "Kommun A" });
  const orgB = await createOrg(db, { name: "Kommun B" });
  const orgC = await createOrg(db, { name: "Region C", kind: "region" });
  const u = {
    memberA: await createUser(db, { orgId: orgA.id, role: "member" }),
    ambassadorA: await createUser(db, { orgId: orgA.id, role: "ambassador" }),
    moderatorA: await createUser(db, { orgId: orgA.id, role: "moderator" }),
    adminA: await createUser(db, { orgId: orgA.id, role: "admin" }),
    memberB: await createUser(db, { orgId: orgB.id, role: "member" }),
    networkModerator: await createUser(db, { orgId: orgC.id, role: "member", networkRole: "moderator" }),
    networkAdmin: await createUser(db, { orgId: orgC.id, role: "member", networkRole: "admin" }),
    deactivated: await createUser(db, { orgId: orgA.id, role: "member", deactivated: true }),
    removed: await createUser(db, { memberships: [] }),
  };
  const userIds = Object.fromEntries(Object.entries(u).map(([k, v]) => [k, v.id])) as World["userIds"];
  const viewers = { anonymous: null } as Record<PrincipalName, Viewer | null>;
  for (const [k, id] of Object.entries(userIds)) {
    viewers[k as PrincipalName] = k === "deactivated" || k === "removed" ? null : await viewerFor(db, id);
  }
  return { orgA, orgB, orgC, userIds, viewers };
}

/** Signs each principal in through the real /login form of a running app; their session cookies by name. */
export async function signInPrincipals(db: DB, w: World, appUrl: string, names: readonly PrincipalName[], password: string): Promise<Map<PrincipalName, string>> {
  const cookies = new Map<PrincipalName, string>();
  for (const p of names) {
    if (p === "anonymous") continue;
    const email = (await db.selectFrom("users").select("email").where("id", "=", w.userIds[p]).executeTakeFirstOrThrow()).email;
    const res = await fetch(`${appUrl}/login`, {
      method: "POST", redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: appUrl },
      body: new URLSearchParams({ email, password }),
    });
    const c = (res.headers.get("set-cookie") ?? "").split(";")[0];
    if (c) cookies.set(p, c);
  }
  return cookies;
}
