import type { DB } from "../../client";
import type { NetworkRole, OrgRole } from "../../types";
import { hashPassword, verifyPassword } from "../../../app/auth/password.server";

/** The demo password for every seeded account (demo mode only; see README). */
export const DEMO_PASSWORD = "allmanning-demo";

type Person = { handle: string; name: string; title: string; org: string; role: OrgRole; also?: [string, OrgRole][]; network?: NetworkRole };

const domainOf: Record<string, string> = {
  "region-gavleborg": "regiongavleborg.se", bollnas: "bollnas.se", gavle: "gavle.se", hofors: "hofors.se",
  hudiksvall: "hudiksvall.se", ljusdal: "ljusdal.se", nordanstig: "nordanstig.se", ockelbo: "ockelbo.se",
  ovanaker: "ovanaker.se", sandviken: "sandviken.se", soderhamn: "soderhamn.se", rise: "ri.se",
};

// About 30 plausible people with every role. Emails are firstname.lastname@<domain>.
export const PEOPLE: Person[] = [
  { handle: "karin.lindqvist", name: "Karin Lindqvist", title: "Digitaliseringsstrateg", org: "region-gavleborg", role: "admin", network: "admin" },
  { handle: "johan.berg", name: "Johan Berg", title: "Nätverksmoderator", org: "region-gavleborg", role: "moderator", network: "moderator" },
  { handle: "sara.holm", name: "Sara Holm", title: "AI-ambassadör, HR", org: "region-gavleborg", role: "ambassador" },
  { handle: "ali.hassan", name: "Ali Hassan", title: "Verksamhetsutvecklare", org: "region-gavleborg", role: "member" },
  { handle: "eva.sjoberg", name: "Eva Sjöberg", title: "Digitaliseringschef", org: "gavle", role: "admin" },
  { handle: "marcus.ahlund", name: "Marcus Åhlund", title: "Kommunikatör", org: "gavle", role: "moderator" },
  { handle: "lina.ostman", name: "Lina Östman", title: "AI-ambassadör, kundtjänst", org: "gavle", role: "ambassador" },
  { handle: "peter.nystrom", name: "Peter Nyström", title: "Upphandlare", org: "gavle", role: "member" },
  { handle: "anna.wikstrom", name: "Anna Wikström", title: "IT-strateg", org: "sandviken", role: "admin" },
  { handle: "erik.dahl", name: "Erik Dahl", title: "AI-ambassadör, administration", org: "sandviken", role: "ambassador" },
  { handle: "fatima.said", name: "Fatima Said", title: "HR-specialist", org: "sandviken", role: "member" },
  { handle: "maria.eriksson", name: "Maria Eriksson", title: "Kanslichef", org: "hudiksvall", role: "admin" },
  { handle: "nils.backstrom", name: "Nils Bäckström", title: "AI-ambassadör, kontaktcenter", org: "hudiksvall", role: "ambassador" },
  { handle: "ingrid.palm", name: "Ingrid Palm", title: "Socialsekreterare", org: "hudiksvall", role: "member" },
  { handle: "oskar.lund", name: "Oskar Lund", title: "Digitaliseringsledare", org: "bollnas", role: "admin" },
  { handle: "elin.svensson", name: "Elin Svensson", title: "AI-ambassadör, skola", org: "bollnas", role: "ambassador" },
  { handle: "henrik.olsson", name: "Henrik Olsson", title: "Ekonom", org: "bollnas", role: "member" },
  { handle: "sofia.nilsson", name: "Sofia Nilsson", title: "Utvecklingsledare", org: "soderhamn", role: "admin" },
  { handle: "david.andersson", name: "David Andersson", title: "AI-ambassadör, HR", org: "soderhamn", role: "ambassador" },
  { handle: "helena.jansson", name: "Helena Jansson", title: "Registrator", org: "soderhamn", role: "member" },
  { handle: "mats.persson", name: "Mats Persson", title: "IT-chef", org: "ljusdal", role: "admin" },
  { handle: "emma.karlsson", name: "Emma Karlsson", title: "AI-ambassadör, kundtjänst", org: "ljusdal", role: "ambassador" },
  { handle: "jonas.hedlund", name: "Jonas Hedlund", title: "Digitaliseringssamordnare", org: "ovanaker", role: "admin" },
  { handle: "malin.forsberg", name: "Malin Forsberg", title: "AI-ambassadör, äldreomsorg", org: "ovanaker", role: "ambassador" },
  { handle: "lars.gustafsson", name: "Lars Gustafsson", title: "Kommunsekreterare", org: "hofors", role: "admin" },
  { handle: "camilla.strom", name: "Camilla Ström", title: "AI-ambassadör, administration", org: "hofors", role: "ambassador" },
  { handle: "anders.wallin", name: "Anders Wallin", title: "Digitaliseringsstrateg", org: "nordanstig", role: "admin" },
  { handle: "therese.lindberg", name: "Therese Lindberg", title: "AI-ambassadör, ekonomi", org: "nordanstig", role: "ambassador" },
  { handle: "goran.ek", name: "Göran Ek", title: "Utvecklingschef", org: "ockelbo", role: "admin" },
  { handle: "asa.norberg", name: "Åsa Norberg", title: "AI-ambassadör, bibliotek", org: "ockelbo", role: "ambassador" },
  { handle: "kristina.blom", name: "Kristina Blom", title: "Forskare, tillämpad AI", org: "rise", role: "admin", also: [["region-gavleborg", "member"]] },
  { handle: "viktor.lind", name: "Viktor Lind", title: "Forskare", org: "rise", role: "member" },
];

export const emailOf = (p: { handle: string; org: string }) => `${p.handle}@${domainOf[p.org]}`;

export async function seedPeople(db: DB, opts: { demo: boolean }): Promise<void> {
  // Outside demo mode, people get no password: they set one through the reset flow.
  const passwordHash = opts.demo ? await hashPassword(DEMO_PASSWORD) : null;
  const orgs = await db.selectFrom("organisations").select(["id", "slug"]).execute();
  const orgId = Object.fromEntries(orgs.map((o) => [o.slug, o.id]));
  for (const p of PEOPLE) {
    const user = await db
      .insertInto("users")
      .values({
        email: emailOf(p), handle: p.handle, name: p.name, title: p.title, password_hash: passwordHash,
        primary_org_id: orgId[p.org], network_role: p.network ?? null, email_verified_at: new Date(), locale: null,
      })
      .onConflict((oc) => oc.column("handle").doUpdateSet({ name: p.name }))
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [slug, role] of [[p.org, p.role] as [string, OrgRole], ...(p.also ?? [])]) {
      await db
        .insertInto("memberships")
        .values({ user_id: user.id, org_id: orgId[slug], role })
        .onConflict((oc) => oc.columns(["user_id", "org_id"]).doNothing())
        .execute();
    }
  }
}

/**
 * Outside demo mode the published demo password must open no account: a database seeded by an
 * earlier demo start keeps its people, but every seeded account whose password is still the
 * demo one loses it (and its sessions). Those people set a password through the reset flow.
 * Returns how many accounts were closed.
 */
export async function revokeDemoPasswords(db: DB): Promise<number> {
  const seeded = await db
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where("email", "in", PEOPLE.map(emailOf))
    .where("password_hash", "is not", null)
    .execute();
  const checks = await Promise.all(seeded.map(async (u) => ((await verifyPassword(u.password_hash!, DEMO_PASSWORD)) ? u.id : null)));
  const stillDemo = checks.filter((id): id is string => id !== null);
  if (stillDemo.length === 0) return 0;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("users").set({ password_hash: null }).where("id", "in", stillDemo).execute();
    await tx.deleteFrom("sessions").where("user_id", "in", stillDemo).execute();
  });
  return stillDemo.length;
}
