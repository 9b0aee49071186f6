import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { DomainCtx } from "../../app/lib/ctx.server";
import { createProvider } from "../../app/sso/providers.server";
import { providerSchema } from "../../app/sso/schemas";
import { completeSignIn, readStateCookie, startSignIn, callbackUrl } from "../../app/sso/signin.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { freePort, signInAtOp, startOp, type TestOp } from "../support/oidc-op";

// OpenID Connect against two real providers (oidc-provider): Gävle's and Sandviken's tenants.
// Every refusal must leave no session behind.

let db: DB;
let destroy: () => Promise<void>;
let gavle: TestOp;
let sandviken: TestOp;
let gavleOrg: { id: string; slug: string };
let adminViewer: Awaited<ReturnType<typeof viewerFor>>;
const closers: (() => Promise<void>)[] = [];

const ctx = (over: Partial<DomainCtx> = {}): DomainCtx => ({ db, viewer: null, now: new Date(), ...over });

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  const g = await createOrg(db, { name: "Gävle kommun", slug: "gavle", domains: ["gavle.se"] });
  const s = await createOrg(db, { name: "Sandvikens kommun", slug: "sandviken", domains: ["sandviken.se"] });
  gavleOrg = g;
  const admin = await createUser(db, { orgId: g.id, networkRole: "admin" });
  adminViewer = await viewerFor(db, admin.id);
  gavle = await startOp({
    clients: [
      { clientId: "allm-gavle", clientSecret: "gavle-secret-1", redirectUris: [callbackUrl("gavle"), callbackUrl("gavle-other")], postLogoutRedirectUris: [`${new URL(callbackUrl("gavle")).origin}/`] },
      { clientId: "someone-else", clientSecret: "else-secret", redirectUris: [callbackUrl("gavle")] },
    ],
    accounts: [
      { sub: "anna", email: "anna.andersson@gavle.se", email_verified: true, name: "Anna Andersson", tid: "tenant-gavle", groups: ["grp-ambassadors"] },
      { sub: "bo", email: "bo@gavle.se", name: "Bo Berg", tid: "tenant-gavle", groups: [] },
      { sub: "linked", email: "lena@gavle.se", email_verified: true, name: "Lena", tid: "tenant-gavle" },
      { sub: "stranger", email: "x@elsewhere.se", tid: "tenant-unknown" },
      { sub: "notenant", email: "nt@gavle.se" },
      { sub: "noemail", tid: "tenant-gavle" },
      { sub: "takeover", email: "sara@sandviken.se", email_verified: true, tid: "tenant-gavle" },
    ],
  });
  sandviken = await startOp({
    clients: [{ clientId: "allm-sandviken", clientSecret: "sandviken-secret", redirectUris: [callbackUrl("sandviken"), callbackUrl("gavle")] }],
    accounts: [{ sub: "sara", email: "sara@sandviken.se", email_verified: true, tid: "tenant-sandviken" }],
  });
  closers.push(gavle.stop, sandviken.stop);
  const add = async (v: Record<string, string>) => {
    const parsed = providerSchema.parse({ protocol: "oidc", enabled: "on", roleClaim: "groups", ...v });
    const r = await createProvider(ctx({ viewer: adminViewer }), parsed);
    expect(r.ok).toBe(true);
  };
  await add({
    slug: "gavle", orgSlug: "gavle", displayName: "Gävle kommun", issuer: gavle.issuer, clientId: "allm-gavle", clientSecret: "gavle-secret-1",
    roleMap: "grp-ambassadors = ambassador\ngrp-admins = admin", tenants: "tenant-gavle = gavle",
  });
  await add({ slug: "sandviken", orgSlug: "sandviken", displayName: "Sandvikens kommun", issuer: sandviken.issuer, clientId: "allm-sandviken", clientSecret: "sandviken-secret", tenants: "tenant-sandviken = sandviken" });
  void s;
});
afterAll(async () => {
  for (const c of closers) await c();
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

type Opts = Parameters<typeof completeSignIn>[2];
async function begin(slug: string) {
  const s = await startSignIn(ctx(), slug, { redirectTo: "/threads" });
  if (!s.ok) throw new Error(`start failed: ${s.failure}`);
  return { location: s.location, cookieState: readStateCookie(s.setCookie) };
}
async function flow(slug: string, login: string, extra: Partial<Opts> = {}, c: DomainCtx = ctx()) {
  const s = await begin(slug);
  const back = await signInAtOp(s.location, login);
  return completeSignIn(c, slug, { url: back, cookieState: s.cookieState, ip: "10.1.1.1", ...extra });
}
const sessionCount = async () => Number((await db.selectFrom("sessions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
const userByEmail = (e: string) => db.selectFrom("users").selectAll().where("email", "=", e).executeTakeFirst();
const roleOf = async (userId: string, orgId: string) =>
  (await db.selectFrom("memberships").select("role").where("user_id", "=", userId).where("org_id", "=", orgId).executeTakeFirst())?.role ?? null;

/** An attacker between us and the provider's token endpoint, replacing the ID token. */
function replaceIdToken(replace: (orig: string) => string | Promise<string>): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await fetch(input, init);
    const href = input instanceof Request ? input.url : String(input);
    if (!href.endsWith("/token")) return res;
    const body = await res.json();
    body.id_token = await replace(body.id_token);
    return new Response(JSON.stringify(body), { status: res.status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
}
/** A real ID token from another completed flow (captured on the wire). */
async function capturedIdToken(slug: string, login: string): Promise<string> {
  let captured = "";
  const r = await flow(slug, login, { fetch: replaceIdToken((t) => (captured = t)) });
  expect(r.ok).toBe(true);
  return captured;
}

describe("OIDC sign-in", () => {
  it("signs a new person in with a membership in the tenant's organisation and the mapped role", async () => {
    const r = await flow("gavle", "anna");
    expect(r).toMatchObject({ ok: true, kind: "login", redirectTo: "/threads" });
    const u = await userByEmail("anna.andersson@gavle.se");
    expect(u?.password_hash).toBeNull();
    expect(u?.name).toBe("Anna Andersson");
    expect(await roleOf(u!.id, gavleOrg.id)).toBe("ambassador");
    const audit = await db.selectFrom("audit_log").select("action").where("target_id", "=", `${gavleOrg.id}:${u!.id}`).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["sso.provisioned"]));
  });

  it("re-applies roles from the claims at every sign-in", async () => {
    gavle.accounts.get("bo")!.groups = ["grp-admins"];
    expect((await flow("gavle", "bo")).ok).toBe(true);
    const bo = (await userByEmail("bo@gavle.se"))!;
    expect(await roleOf(bo.id, gavleOrg.id)).toBe("admin");
    gavle.accounts.get("bo")!.groups = [];
    expect((await flow("gavle", "bo")).ok).toBe(true);
    expect(await roleOf(bo.id, gavleOrg.id)).toBe("member");
    const ids = await db.selectFrom("users").select("id").where("email", "=", "bo@gavle.se").execute();
    expect(ids).toHaveLength(1);
  });

  it("links an existing password account with the same verified address instead of duplicating it", async () => {
    const existing = await createUser(db, { orgId: gavleOrg.id, email: "lena@gavle.se" });
    expect((await flow("gavle", "linked")).ok).toBe(true);
    const rows = await db.selectFrom("users").select(["id", "password_hash"]).where("email", "=", "lena@gavle.se").execute();
    expect(rows).toEqual([{ id: existing.id, password_hash: existing.password_hash }]);
    expect(await db.selectFrom("sso_identities").select("user_id").where("subject", "=", "linked").executeTakeFirst()).toEqual({ user_id: existing.id });
  });

  it("never takes over another organisation's account by email", async () => {
    await createUser(db, { orgId: (await db.selectFrom("organisations").select("id").where("slug", "=", "sandviken").executeTakeFirstOrThrow()).id, email: "sara@sandviken.se" });
    const before = await sessionCount();
    expect(await flow("gavle", "takeover")).toEqual({ ok: false, failure: "accountUnavailable" });
    expect(await sessionCount()).toBe(before);
  });
});

describe("OIDC refusals leave no session", () => {
  const refused = async (p: Promise<unknown>, failure: string) => {
    const before = await sessionCount();
    expect(await p).toEqual({ ok: false, failure });
    expect(await sessionCount()).toBe(before);
  };

  it("the other tenant's ID token presented for Gävle", async () => {
    const sandvikenToken = await capturedIdToken("sandviken", "sara");
    await refused(flow("gavle", "anna", { fetch: replaceIdToken(() => sandvikenToken) }), "tokenInvalid");
  });

  it("a tampered ID token (payload changed, signature kept)", async () => {
    const tamper = (t: string) => {
      const [h, p, s] = t.split(".");
      const claims = JSON.parse(Buffer.from(p, "base64url").toString());
      claims.groups = ["grp-admins"];
      return [h, Buffer.from(JSON.stringify(claims)).toString("base64url"), s].join(".");
    };
    await refused(flow("gavle", "bo", { fetch: replaceIdToken(tamper) }), "tokenInvalid");
  });

  it("a replayed state", async () => {
    const s = await begin("gavle");
    const back = await signInAtOp(s.location, "anna");
    expect((await completeSignIn(ctx(), "gavle", { url: back, cookieState: s.cookieState })).ok).toBe(true);
    await refused(completeSignIn(ctx(), "gavle", { url: back, cookieState: s.cookieState }), "stateInvalid");
  });

  it("a state from another browser (no or another state cookie)", async () => {
    const s = await begin("gavle");
    const back = await signInAtOp(s.location, "anna");
    await refused(completeSignIn(ctx(), "gavle", { url: back, cookieState: null }), "stateInvalid");
    const other = await begin("gavle");
    await refused(completeSignIn(ctx(), "gavle", { url: back, cookieState: other.cookieState }), "stateInvalid");
  });

  it("a replayed nonce (a valid earlier ID token of the same person and client)", async () => {
    const earlier = await capturedIdToken("gavle", "anna");
    await refused(flow("gavle", "anna", { fetch: replaceIdToken(() => earlier) }), "tokenInvalid");
  });

  it("an expired ID token", async () => {
    const later = ctx({ now: new Date(Date.now() + 2 * 3600_000) });
    const s = await startSignIn(ctx(), "gavle", {});
    if (!s.ok) throw new Error("start");
    const back = await signInAtOp(s.location, "anna");
    await refused(completeSignIn(later, "gavle", { url: back, cookieState: readStateCookie(s.setCookie) }), "stateInvalid");
    // The state is still fresh ten minutes on, the token (issued for an hour) too; at +2 h only the
    // token clock matters, so give the state a long life to isolate the ID token's expiry.
    const s2 = await startSignIn(ctx(), "gavle", {});
    if (!s2.ok) throw new Error("start");
    await db.updateTable("sso_login_states").set({ expires_at: new Date(Date.now() + 3 * 3600_000) }).where("used_at", "is", null).execute();
    const back2 = await signInAtOp(s2.location, "anna");
    await refused(completeSignIn(later, "gavle", { url: back2, cookieState: readStateCookie(s2.setCookie) }), "tokenInvalid");
  });

  it("a wrong audience (a real token issued to another client of the same provider)", async () => {
    let foreign = "";
    // Sign in with the other client registered at Gävle's provider and keep its ID token.
    await db.updateTable("identity_providers").set({ client_id: "someone-else", client_secret_enc: null }).where("slug", "=", "gavle").execute();
    try {
      const { encryptSecret } = await import("../../app/sso/secrets.server");
      await db.updateTable("identity_providers").set({ client_secret_enc: encryptSecret("else-secret") }).where("slug", "=", "gavle").execute();
      const r = await flow("gavle", "anna", { fetch: replaceIdToken((t) => (foreign = t)) });
      expect(r.ok).toBe(true);
    } finally {
      const { encryptSecret } = await import("../../app/sso/secrets.server");
      await db.updateTable("identity_providers").set({ client_id: "allm-gavle", client_secret_enc: encryptSecret("gavle-secret-1") }).where("slug", "=", "gavle").execute();
    }
    expect(JSON.parse(Buffer.from(foreign.split(".")[1], "base64url").toString()).aud).toBe("someone-else");
    await refused(flow("gavle", "anna", { fetch: replaceIdToken(() => foreign) }), "tokenInvalid");
  });

  it("an unknown tenant", async () => {
    await refused(flow("gavle", "stranger"), "unknownTenant");
    expect(await userByEmail("x@elsewhere.se")).toBeUndefined();
  });

  it("claims without a tenant or without an email", async () => {
    await refused(flow("gavle", "notenant"), "missingTenant");
    await refused(flow("gavle", "noemail"), "missingEmail");
  });

  it("an error answer from the provider", async () => {
    const s = await begin("gavle");
    const url = new URL(callbackUrl("gavle"));
    url.search = `?error=access_denied&state=${s.cookieState}`;
    await refused(completeSignIn(ctx(), "gavle", { url, cookieState: s.cookieState }), "invalidResponse");
  });
});

describe("a provider that is down, slow or broken", () => {
  async function withIssuer(issuer: string, fn: () => Promise<void>) {
    await db.updateTable("identity_providers").set({ issuer }).where("slug", "=", "sandviken").execute();
    try {
      await fn();
    } finally {
      await db.updateTable("identity_providers").set({ issuer: sandviken.issuer }).where("slug", "=", "sandviken").execute();
    }
  }
  async function server(handler: http.RequestListener) {
    const port = await freePort();
    const s = http.createServer(handler);
    await new Promise<void>((r) => s.listen(port, "127.0.0.1", r));
    closers.push(() => new Promise((r) => { s.closeAllConnections(); s.close(() => r()); }));
    return `http://127.0.0.1:${port}`;
  }

  it("down: a clear failure, quickly", async () => {
    const port = await freePort();
    await withIssuer(`http://127.0.0.1:${port}`, async () => {
      expect(await startSignIn(ctx(), "sandviken", {})).toEqual({ ok: false, failure: "providerUnavailable" });
    });
  });

  it("slow: times out", async () => {
    const url = await server(() => { /* never answers */ });
    await withIssuer(url, async () => {
      const t0 = Date.now();
      expect(await startSignIn(ctx(), "sandviken", { timeoutMs: 1000 })).toEqual({ ok: false, failure: "providerUnavailable" });
      expect(Date.now() - t0).toBeLessThan(5000);
    });
  });

  it("a malformed discovery document", async () => {
    const bad = await server((_req, res) => { res.setHeader("content-type", "application/json"); res.end('{"issuer": "https://evil.example", "authorization_endpoint": 5'); });
    await withIssuer(bad, async () => {
      expect(await startSignIn(ctx(), "sandviken", {})).toEqual({ ok: false, failure: "badDiscovery" });
    });
    const wrongIssuer = await server((_req, res) => { res.setHeader("content-type", "application/json"); res.end(JSON.stringify({ issuer: "https://evil.example", authorization_endpoint: "https://evil.example/a", jwks_uri: "https://evil.example/j" })); });
    await withIssuer(wrongIssuer, async () => {
      expect(await startSignIn(ctx(), "sandviken", {})).toEqual({ ok: false, failure: "badDiscovery" });
    });
  });
});

describe("authorization matrix: people signed in through SSO", () => {
  it("get exactly their mapped roles, and a claim change takes effect at the next sign-in", async () => {
    const { readSession } = await import("../../app/auth/lucia.server");
    const policy = await import("../../app/policy");
    gavle.accounts.set("matrix", { sub: "matrix", email: "matrix@gavle.se", email_verified: true, name: "Matti", tid: "tenant-gavle", groups: ["grp-ambassadors", "unmapped-group"] });
    const sandvikenId = (await db.selectFrom("organisations").select("id").where("slug", "=", "sandviken").executeTakeFirstOrThrow()).id;
    const cases = [
      { groups: ["grp-ambassadors", "unmapped-group"], role: "ambassador", cases: true, manage: false },
      { groups: ["grp-admins"], role: "admin", cases: true, manage: true },
      { groups: ["unmapped-group"], role: "member", cases: false, manage: false },
    ] as const;
    for (const c of cases) {
      gavle.accounts.get("matrix")!.groups = [...c.groups];
      const r = await flow("gavle", "matrix");
      if (!r.ok || r.kind !== "login") throw new Error(`sign-in failed: ${JSON.stringify(r)}`);
      const { viewer } = await readSession(r.setCookie.split(";")[0]);
      expect(viewer?.memberships).toEqual([{ orgId: gavleOrg.id, role: c.role }]);
      expect(viewer?.networkRole).toBeNull();
      expect(policy.canWriteCasesFor(viewer, gavleOrg.id)).toBe(c.cases);
      expect(policy.canManageMembers(viewer, gavleOrg.id)).toBe(c.manage);
      expect(policy.canManageSsoFor(viewer, gavleOrg.id)).toBe(c.manage);
      expect(policy.hasOrgRole(viewer, sandvikenId, "member")).toBe(false);
      expect(policy.canViewNetworkAdmin(viewer)).toBe(false);
    }
  });
});

describe("callback rate limit and RP-initiated logout", () => {
  it("a flood of callbacks from one address is refused once over the limit", async () => {
    const { CALLBACK_LIMIT } = await import("../../app/sso/signin.server");
    const url = new URL(`${callbackUrl("gavle")}?code=x&state=forged-state-forged-state`);
    for (let i = 0; i < CALLBACK_LIMIT.points; i++) {
      expect(await completeSignIn(ctx(), "gavle", { url, cookieState: "forged-state-forged-state", ip: "10.9.9.9" })).toEqual({ ok: false, failure: "stateInvalid" });
    }
    expect(await completeSignIn(ctx(), "gavle", { url, cookieState: "forged-state-forged-state", ip: "10.9.9.9" })).toEqual({ ok: false, failure: "rateLimited" });
    // Another address is unaffected.
    expect((await flow("gavle", "anna")).ok).toBe(true);
  });

  it("signing out of an SSO session sends the browser to the provider's end-session endpoint with the ID token hint", async () => {
    const { ssoLogoutUrl } = await import("../../app/sso/realm.server");
    const { hashToken } = await import("../../app/auth/lucia.server");
    const r = await flow("gavle", "anna");
    if (!r.ok || r.kind !== "login") throw new Error("sign-in failed");
    const sessionId = hashToken(r.setCookie.split(";")[0].split("=")[1]);
    const url = new URL((await ssoLogoutUrl(ctx(), sessionId))!);
    expect(url.origin).toBe(gavle.issuer);
    expect(url.searchParams.get("id_token_hint")).toMatch(/^ey/);
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(200); // the provider's own sign-out confirmation page
    expect(await ssoLogoutUrl(ctx(), "not-an-sso-session")).toBeNull();
  });
});
