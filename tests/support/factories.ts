import { randomBytes } from "node:crypto";
import type { DB } from "../../db/client";
import type { NetworkRole, OrgKind, OrgRole } from "../../db/types";
import { hashPassword } from "../../app/auth/password.server";
import type { Viewer } from "../../app/policy";

const uniq = () => randomBytes(4).toString("hex");
let cachedHash: Promise<string> | null = null;
export const FACTORY_PASSWORD = "factory-password-1";

export async function createOrg(db: DB, o: { name?: string; slug?: string; kind?: OrgKind; domains?: string[] } = {}) {
  const id = uniq();
  return db
    .insertInto("organisations")
    .values({ slug: o.slug ?? `org-${id}`, name: o.name ?? `Testkommun ${id}`, kind: o.kind ?? "municipality", email_domains: o.domains ?? [`${id}.test.se`] })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A person with a password (FACTORY_PASSWORD) and the given memberships. */
export async function createUser(
  db: DB,
  o: { orgId?: string; role?: OrgRole; memberships?: { orgId: string; role: OrgRole }[]; networkRole?: NetworkRole; name?: string; email?: string; deactivated?: boolean } = {},
) {
  const id = uniq();
  cachedHash ??= hashPassword(FACTORY_PASSWORD);
  const memberships = o.memberships ?? (o.orgId ? [{ orgId: o.orgId, role: o.role ?? "member" }] : []);
  const user = await db
    .insertInto("users")
    .values({
      email: o.email ?? `user-${id}@test.se`,
      handle: `user-${id}`,
      name: o.name ?? `Testperson ${id}`,
      password_hash: await cachedHash,
      primary_org_id: memberships[0]?.orgId ?? null,
      network_role: o.networkRole ?? null,
      locale: null,
      email_verified_at: new Date(),
      deactivated_at: o.deactivated ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const m of memberships) {
    await db.insertInto("memberships").values({ user_id: user.id, org_id: m.orgId, role: m.role }).execute();
  }
  return user;
}

/** The Viewer a signed-in person would get (for calling domain functions directly). */
export async function viewerFor(db: DB, userId: string): Promise<Viewer> {
  const u = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  const ms = await db.selectFrom("memberships").select(["org_id", "role"]).where("user_id", "=", userId).execute();
  return {
    id: u.id, email: u.email, handle: u.handle, name: u.name, locale: u.locale, primaryOrgId: u.primary_org_id,
    networkRole: u.network_role, memberships: ms.map((m) => ({ orgId: m.org_id, role: m.role })),
  };
}
