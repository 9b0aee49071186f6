import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { DomainCtx } from "../../app/lib/ctx.server";
import { createProvider } from "../../app/sso/providers.server";
import { providerSchema } from "../../app/sso/schemas";
import { acsUrl, spEntityId } from "../../app/sso/saml.server";
import { completeSamlSignIn, startSignIn } from "../../app/sso/signin.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { b64, newIdpKey, requestIdOf, responseXml, signAssertion, type AssertionOpts, type IdpKey } from "../support/saml-idp";

// SAML 2.0: a test IdP with its own key signs responses; the SP accepts a valid one and
// refuses unsigned, wrongly signed, replayed, expired, wrong-audience, wrong-recipient,
// oversized, signature-wrapped and entity-laden ones, always without a session.

let db: DB;
let destroy: () => Promise<void>;
let idp: IdpKey;
let attacker: IdpKey;
let regionId: string;
let admin: Awaited<ReturnType<typeof viewerFor>>;
let otherAdmin: Awaited<ReturnType<typeof viewerFor>>;
const IDP = "https://idp.region-test.se/saml";
const ctx = (): DomainCtx => ({ db, viewer: null, now: new Date() });

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  idp = newIdpKey("Region IdP");
  attacker = newIdpKey("Attacker");
  const region = await createOrg(db, { name: "Region Gävleborg", slug: "region", kind: "region", domains: ["regiongavleborg.se"] });
  regionId = region.id;
  admin = await viewerFor(db, (await createUser(db, { orgId: region.id, role: "admin" })).id);
  otherAdmin = await viewerFor(db, (await createUser(db, { orgId: region.id, networkRole: "admin" })).id);
  const parsed = providerSchema.parse({
    slug: "region", orgSlug: "region", protocol: "saml", displayName: "Region Gävleborg", enabled: "on",
    samlEntityId: IDP, samlSsoUrl: "https://idp.region-test.se/sso", samlCert: idp.cert, roleClaim: "groups", roleMap: "vardpersonal-amb = ambassador",
  });
  expect((await createProvider({ db, viewer: admin, now: new Date() }, parsed)).ok).toBe(true);
});
afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

async function begin() {
  const s = await startSignIn(ctx(), "region", { redirectTo: "/cases" });
  if (!s.ok) throw new Error(s.failure);
  const u = new URL(s.location);
  expect(u.origin + u.pathname).toBe("https://idp.region-test.se/sso");
  return { requestId: requestIdOf(s.location), relayState: u.searchParams.get("RelayState")! };
}
const opts = (requestId: string, over: Partial<AssertionOpts> = {}): AssertionOpts => ({
  idpEntityId: IDP, acs: acsUrl("region"), audience: spEntityId("region"), inResponseTo: requestId, nameId: "vera@regiongavleborg.se",
  attributes: { email: ["vera@regiongavleborg.se"], displayName: ["Vera Vård"], groups: ["vardpersonal-amb"] }, ...over,
});
const sessions = async () => Number((await db.selectFrom("sessions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
async function post(samlResponse: string, relayState: string) {
  return completeSamlSignIn(ctx(), "region", { samlResponse, relayState, ip: "10.2.2.2" });
}
async function refused(samlResponse: (requestId: string) => string, failure = "tokenInvalid") {
  const { requestId, relayState } = await begin();
  const before = await sessions();
  expect(await post(samlResponse(requestId), relayState)).toEqual({ ok: false, failure });
  expect(await sessions()).toBe(before);
}

describe("SAML service provider", () => {
  it("accepts a valid signed assertion: person created with the mapped role", async () => {
    const { requestId, relayState } = await begin();
    const r = await post(b64(signAssertion(responseXml(opts(requestId)), idp)), relayState);
    expect(r).toMatchObject({ ok: true, redirectTo: "/cases" });
    const u = await db.selectFrom("users").select(["id", "name"]).where("email", "=", "vera@regiongavleborg.se").executeTakeFirstOrThrow();
    expect(u.name).toBe("Vera Vård");
    expect(await db.selectFrom("memberships").select("role").where("user_id", "=", u.id).where("org_id", "=", regionId).executeTakeFirst()).toEqual({ role: "ambassador" });
  });

  it("refuses a replayed response", async () => {
    const { requestId, relayState } = await begin();
    const resp = b64(signAssertion(responseXml(opts(requestId)), idp));
    expect((await post(resp, relayState)).ok).toBe(true);
    const before = await sessions();
    const again = await post(resp, relayState);
    expect(again.ok).toBe(false);
    expect(await sessions()).toBe(before);
  });

  it("refuses an unsigned response", () => refused((id) => b64(responseXml(opts(id)))));
  it("refuses one signed with another key", () => refused((id) => b64(signAssertion(responseXml(opts(id)), attacker))));
  it("refuses one altered after signing", () => refused((id) => b64(signAssertion(responseXml(opts(id)), idp).replace("vardpersonal-amb", "admins"))));
  it("refuses an expired one", () => refused((id) => b64(signAssertion(responseXml(opts(id, { notOnOrAfter: new Date(Date.now() - 3600_000) })), idp))));
  it("refuses a wrong audience", () => refused((id) => b64(signAssertion(responseXml(opts(id, { audience: "https://other-sp.example/metadata" })), idp))));
  it("refuses a wrong recipient", () => refused((id) => b64(signAssertion(responseXml(opts(id, { recipient: "https://other-sp.example/acs" })), idp))));
  it("refuses a response to a request we never sent", () => refused(() => b64(signAssertion(responseXml(opts("_never-sent-request-id")), idp))));
  it("refuses an oversized response", () => refused(() => "A".repeat(300 * 1024), "invalidResponse"));

  it("refuses XML entities (DTD)", () =>
    refused((id) => {
      const signed = signAssertion(responseXml(opts(id)), idp);
      return b64(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "vera@regiongavleborg.se">]>${signed}`);
    }, "invalidResponse"));

  it("refuses a signature-wrapping attack (signed assertion moved aside, forged one in its place)", () =>
    refused((id) => {
      const signed = signAssertion(responseXml(opts(id, { nameId: "vera@regiongavleborg.se" })), idp);
      const original = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
      const signature = /<Signature[\s\S]*<\/Signature>/.exec(original)![0];
      const forged = original
        .replace(signature, "")
        .replace(/ID="[^"]+"/, 'ID="_forged"')
        .replace(/vera@regiongavleborg\.se/g, "boss@regiongavleborg.se")
        .replace("vardpersonal-amb", "admins")
        .replace("</saml:Issuer>", `</saml:Issuer>${signature}`);
      return b64(signed.replace(original, `${forged}`).replace("<samlp:Status>", `<samlp:Extensions>${original}</samlp:Extensions><samlp:Status>`));
    }));

  it("serves SP metadata naming the ACS URL", async () => {
    const mod = await import("../../app/routes/auth.saml.$provider.metadata");
    const res = (await mod.loader({ request: new Request("http://x/"), params: { provider: "region" }, context: {} as never })) as Response;
    expect(res.headers.get("content-type")).toContain("xml");
    const xml = await res.text();
    expect(xml).toContain(`entityID="${spEntityId("region")}"`);
    expect(xml).toContain(`Location="${acsUrl("region")}"`);
  });
});

describe("SAML over HTTP against the production server", () => {
  it("the IdP's cross-site POST to the ACS URL signs the person in; other cross-site posts stay refused", async () => {
    const { inject } = await import("vitest");
    const { appDatabase } = await import("../support/db");
    const app = inject("appUrl");
    const adb = appDatabase();
    try {
      const slug = `region-${Date.now().toString(36)}`;
      const org = await createOrg(adb, { name: "Region HTTP", slug, kind: "region", domains: [`${slug}.se`] });
      await adb.insertInto("identity_providers").values({
        slug, org_id: org.id, protocol: "saml", display_name: "Region HTTP", saml_entity_id: IDP, saml_sso_url: "https://idp.region-test.se/sso", saml_cert: idp.cert,
      }).execute();
      const start = await fetch(`${app}/auth/sso/${slug}/start`, { redirect: "manual" });
      expect(start.status).toBe(302);
      const location = start.headers.get("location")!;
      const relayState = new URL(location).searchParams.get("RelayState")!;
      const xml = responseXml({
        idpEntityId: IDP, acs: `${app}/auth/saml/${slug}/acs`, audience: `${app}/auth/saml/${slug}/metadata`, inResponseTo: requestIdOf(location),
        nameId: `nils@${slug}.se`, attributes: { email: [`nils@${slug}.se`], displayName: ["Nils"] },
      });
      const body = new URLSearchParams({ SAMLResponse: b64(signAssertion(xml, idp)), RelayState: relayState });
      const crossSite = { Origin: "https://idp.region-test.se", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" };
      const acs = await fetch(`${app}/auth/saml/${slug}/acs`, { method: "POST", redirect: "manual", body, headers: crossSite });
      expect(acs.status).toBe(303);
      const cookie = acs.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const home = await (await fetch(`${app}/`, { headers: { cookie } })).text();
      expect(home).toMatch(/class="who"[^>]*>Nils</);
      const replay = await fetch(`${app}/auth/saml/${slug}/acs`, { method: "POST", redirect: "manual", body, headers: crossSite });
      expect(replay.status).toBe(303);
      expect(replay.headers.get("location")).toBe(`/auth/sso/${slug}/failed?reason=tokenInvalid`);
      const page = await fetch(`${app}${replay.headers.get("location")}`, { headers: { "Accept-Language": "en" } });
      expect(page.status).toBe(400);
      expect(await page.text()).toContain("could not be verified");
      expect(replay.headers.getSetCookie().some((c) => c.includes("allm_session=") && !c.includes("allm_session=;"))).toBe(false);
      const other = await fetch(`${app}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email: "a@b.se", password: "x" }), headers: crossSite });
      expect(other.status).toBe(403);
    } finally {
      await adb.destroy();
    }
  });
});

describe("SAML: test this connection", () => {
  type Viewer = typeof admin | null;
  async function route(file: string, viewer: Viewer, method: "GET" | "POST", o: { body?: Record<string, string>; params?: Record<string, string>; query?: string } = {}) {
    const mod = await import(`../../app/routes/${file}`);
    const request = new Request(`http://localhost/x${o.query ?? ""}`, method === "POST" ? { method, body: new URLSearchParams(o.body), headers: { "Content-Type": "application/x-www-form-urlencoded" } } : {});
    const context = { viewer, sessionId: null, locale: "sv", nonce: "n", clientIp: "10.3.3.3" };
    try {
      const res = (await (method === "POST" ? mod.action : mod.loader)({ request, params: o.params ?? {}, context })) as Response;
      const text = await res.text();
      return { status: res.status, location: res.headers.get("location"), setCookie: res.headers.get("set-cookie"), data: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
    } catch (e) {
      if (e instanceof Response) return { status: e.status, location: e.headers.get("location"), setCookie: null, data: null };
      throw e;
    }
  }

  it("shows the admin who started it the attributes received, once, without signing anyone in", async () => {
    const started = await route("auth.sso.$provider.start.tsx", admin, "GET", { params: { provider: "region" }, query: "?test=1" });
    expect(started.status).toBe(302);
    const relayState = new URL(started.location!).searchParams.get("RelayState")!;
    const xml = responseXml(opts(requestIdOf(started.location!), { nameId: "tess@regiongavleborg.se", attributes: { email: ["tess@regiongavleborg.se"], displayName: ["Tess Test"], groups: ["vardpersonal-amb", "annan-grupp"] } }));
    const before = await sessions();
    // The IdP's cross-site POST carries no session cookie.
    const acs = await route("auth.saml.$provider.acs.ts", null, "POST", { params: { provider: "region" }, body: { SAMLResponse: b64(signAssertion(xml, idp)), RelayState: relayState } });
    expect(acs.status).toBe(303);
    expect(acs.setCookie ?? "").not.toContain("allm_session");
    expect(await sessions()).toBe(before);
    expect(await db.selectFrom("users").select("id").where("email", "=", "tess@regiongavleborg.se").executeTakeFirst()).toBeUndefined();
    const back = new URL(acs.location!, "http://localhost");
    expect(back.pathname).toBe("/admin/identity-providers/region");
    const token = back.searchParams.get("test")!;
    // Another admin who may manage the provider does not get this admin's result.
    const stranger = await route("admin.identity-providers.$slug.tsx", otherAdmin, "GET", { params: { slug: "region" }, query: `?test=${token}` });
    expect(stranger.data.test).toEqual({ claims: null });
    const page = await route("admin.identity-providers.$slug.tsx", admin, "GET", { params: { slug: "region" }, query: `?test=${token}` });
    expect(page.status).toBe(200);
    expect(page.data.test.claims).toMatchObject({ nameID: "tess@regiongavleborg.se", email: "tess@regiongavleborg.se", displayName: "Tess Test", groups: ["vardpersonal-amb", "annan-grupp"] });
    const again = await route("admin.identity-providers.$slug.tsx", admin, "GET", { params: { slug: "region" }, query: `?test=${token}` });
    expect(again.data.test).toEqual({ claims: null });
  });

  it("only someone who manages the provider can start one, and a test relay state cannot be replayed", async () => {
    const member = await viewerFor(db, (await createUser(db, { orgId: regionId })).id);
    expect((await route("auth.sso.$provider.start.tsx", member, "GET", { params: { provider: "region" }, query: "?test=1" })).status).toBe(404);
    const started = await route("auth.sso.$provider.start.tsx", admin, "GET", { params: { provider: "region" }, query: "?test=1" });
    const relayState = new URL(started.location!).searchParams.get("RelayState")!;
    const requestId = requestIdOf(started.location!);
    const ok = await post(b64(signAssertion(responseXml(opts(requestId)), idp)), relayState);
    expect(ok).toMatchObject({ ok: true, kind: "test" });
    expect(await post(b64(signAssertion(responseXml(opts(requestId)), idp)), relayState)).toMatchObject({ ok: false });
  });
});
