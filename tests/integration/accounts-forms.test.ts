import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, viewerFor } from "../support/factories";

// Every account and organisation form, posted with bad input straight to its route action:
// the answer is a 400 (or 404/429), never a 500, with translated field errors and the input kept.

let db: DB;
let destroy: () => Promise<void>;
let viewers: { member: Viewer; admin: Viewer; networkAdmin: Viewer };
let slug: string;
beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  const org = await createOrg(db, { domains: ["forms.se"] });
  slug = org.slug;
  viewers = {
    member: await viewerFor(db, (await createUser(db, { orgId: org.id })).id),
    admin: await viewerFor(db, (await createUser(db, { orgId: org.id, role: "admin" })).id),
    networkAdmin: await viewerFor(db, (await createUser(db, { orgId: org.id, networkRole: "admin" })).id),
  };
});
afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

type Who = "anonymous" | keyof typeof viewers;
const LONG = "x".repeat(5000);
const TOKEN = "A".repeat(43);
const BAD_BODIES: Record<string, string>[] = [
  {},
  { email: "not an email", password: "", name: "", role: "king", intent: "invite" },
  { email: LONG, password: LONG, name: LONG, title: LONG, userId: "abc", role: "admin", intent: "role" },
  { intent: "remove", userId: "99999999" },
  { intent: "nonsense" },
  { intent: "profile", name: "", locale: "de", primaryOrgId: "x" },
  { intent: "password", currentPassword: "", newPassword: "password1234" },
  { intent: "endSession", sessionId: "../../etc" },
  { intent: "deactivate", userId: "1", deactivate: "maybe" },
  { name: "", slug: "Bad Slug!", kind: "castle", domains: "not a domain\n@@@", description: LONG },
];

async function call(route: string, who: Who, body: Record<string, string> | string, params: Record<string, string> = {}) {
  const mod = await import(`../../app/routes/${route}.tsx`);
  const isRaw = typeof body === "string";
  const request = new Request(`http://localhost/x`, {
    method: "POST",
    body: isRaw ? body : new URLSearchParams(body),
    headers: { "Content-Type": isRaw ? "application/json" : "application/x-www-form-urlencoded" },
  });
  const viewer = who === "anonymous" ? null : viewers[who];
  try {
    const res = (await mod.action({ request, params, context: { viewer, sessionId: null, locale: "sv", nonce: "n" } })) as Response;
    return { status: res.status, data: res.headers.get("content-type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: null };
    throw e;
  }
}

const ROUTES: [string, Who, Record<string, string>?][] = [
  ["login", "anonymous"],
  ["signup", "anonymous"],
  ["signup_.confirm", "anonymous"],
  ["invite.$token", "anonymous", { token: TOKEN }],
  ["reset", "anonymous"],
  ["reset_.$token", "anonymous", { token: TOKEN }],
  ["orgs.$slug_.admin", "admin"],
  ["orgs.$slug_.admin", "member"],
  ["admin._index", "networkAdmin"],
  ["admin.orgs.$slug", "networkAdmin"],
  ["admin.people", "networkAdmin"],
  ["settings", "member"],
];

describe("bad input never answers 500", () => {
  for (const [route, who, extra] of ROUTES) {
    it(`${route} as ${who}`, async () => {
      const params = { slug, ...extra };
      for (const body of [...BAD_BODIES, '{"json":true}']) {
        const r = await call(route, who, body, params);
        // 303: an unconfirmed destructive post goes to its confirm page first (issue 16).
        expect([302, 303, 400, 404, 429], `${route} ${JSON.stringify(body).slice(0, 80)} → ${r.status}`).toContain(r.status);
        if (r.status === 400 && r.data?.errors) {
          for (const list of Object.values(r.data.errors as Record<string, { key: string }[]>)) {
            for (const e of list) expect(e.key).toMatch(/^[a-z]+[:.][\w.:]+$/i);
          }
        }
      }
    });
  }

  it("keeps what the person typed (never the password) and names the field", async () => {
    const r = await call("signup", "anonymous", { name: "Kvar Här", email: "kvar@forms.se", password: "kort" });
    expect(r.status).toBe(400);
    expect(r.data.values).toEqual({ name: "Kvar Här", email: "kvar@forms.se" });
    expect(r.data.errors.password).toEqual([{ key: "account:password.tooShort" }]);
    const inv = await call("orgs.$slug_.admin", "admin", { intent: "invite", email: "bad", role: "king" }, { slug });
    expect(inv.status).toBe(400);
    expect(inv.data.values).toMatchObject({ email: "bad", role: "king" });
    expect(Object.keys(inv.data.errors).sort()).toEqual(["email", "role"]);
  });
});
