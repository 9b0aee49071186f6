import type { DomainCtx } from "../lib/ctx.server";
import { blockedFor, hit, limiter, type Limit } from "../lib/rate-limit.server";
import { appBaseUrl } from "../lib/mail.server";
import { safeRedirect } from "../lib/redirect";
import { startSessionWithId } from "../auth/lucia.server";
import { canManageProvider } from "../policy";
import { consumeLoginState, insertLoginState, insertTestResult, recordSsoSession, takeTestResult } from "./logins.repo.server";
import { oidcAuthorizationUrl, oidcExchange, stateHashOf, type OidcOptions } from "./oidc.server";
import { provision } from "./provision.server";
import { findProviderBySlug } from "./providers.repo.server";
import { samlAuthorizationUrl, samlValidate } from "./saml.server";
import { randomToken } from "./secrets.server";
import type { SsoFailure, VerifiedClaims } from "./types";

export const STATE_MINUTES = 10;
/** Callbacks per client address: generous for a shared municipal NAT, tight enough to stop a flood. */
export const CALLBACK_LIMIT: Limit = { points: 60, durationSeconds: 600 };
export const STATE_COOKIE = "allm_sso_state";

export const callbackUrl = (slug: string) => `${appBaseUrl()}/auth/sso/${encodeURIComponent(slug)}/callback`;

export function stateCookie(state: string | null): string {
  const secure = appBaseUrl().startsWith("https:") ? "; Secure" : "";
  return state
    ? `${STATE_COOKIE}=${state}; Path=/auth/sso; HttpOnly; SameSite=Lax; Max-Age=${STATE_MINUTES * 60}${secure}`
    : `${STATE_COOKIE}=; Path=/auth/sso; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

export function readStateCookie(cookieHeader: string | null): string | null {
  const m = new RegExp(`(?:^|;\\s*)${STATE_COOKIE}=([A-Za-z0-9_-]{20,100})`).exec(cookieHeader ?? "");
  return m ? m[1] : null;
}

export type StartResult = { ok: true; location: string; setCookie: string } | { ok: false; failure: SsoFailure };

/**
 * Anyone (purpose "login") or a person who may manage the provider (purpose "test"): starts a
 * sign-in at the provider. The state row is single use and expires in STATE_MINUTES.
 */
export async function startSignIn(
  ctx: DomainCtx,
  slug: string,
  o: { purpose?: "login" | "test"; redirectTo?: string | null } & OidcOptions = {},
): Promise<StartResult> {
  const p = await findProviderBySlug(ctx.db, slug);
  const purpose = o.purpose ?? "login";
  if (!p || (!p.enabled && purpose === "login")) return { ok: false, failure: "unknownProvider" };
  if (purpose === "test" && !canManageProvider(ctx.viewer, p)) return { ok: false, failure: "unknownProvider" };
  if (p.protocol === "saml") {
    // A test run is bound to the admin here; the IdP's cross-site POST carries no session, so
    // completeSamlSignIn parks the claims for this admin (see takeTestClaims).
    const relayState = randomToken();
    await insertLoginState(ctx.db, {
      stateHash: stateHashOf(relayState), providerId: p.id, purpose, testerId: purpose === "test" ? ctx.viewer!.id : null, codeVerifier: "", nonce: "",
      redirectTo: safeRedirect(o.redirectTo), expiresAt: new Date(ctx.now.getTime() + STATE_MINUTES * 60_000),
    });
    try {
      return { ok: true, location: await samlAuthorizationUrl(ctx, p, relayState), setCookie: stateCookie(null) };
    } catch {
      return { ok: false, failure: "badDiscovery" };
    }
  }
  const started = await oidcAuthorizationUrl(ctx, p, callbackUrl(p.slug), o);
  if ("failure" in started) return { ok: false, failure: started.failure };
  await insertLoginState(ctx.db, {
    stateHash: stateHashOf(started.state), providerId: p.id, purpose, testerId: purpose === "test" ? ctx.viewer!.id : null,
    codeVerifier: started.codeVerifier, nonce: started.nonce, redirectTo: safeRedirect(o.redirectTo),
    expiresAt: new Date(ctx.now.getTime() + STATE_MINUTES * 60_000),
  });
  return { ok: true, location: started.url, setCookie: stateCookie(started.state) };
}

export type CallbackResult =
  | { ok: true; kind: "login"; setCookie: string; redirectTo: string }
  | { ok: true; kind: "test"; claims: VerifiedClaims; providerSlug: string }
  | { ok: false; failure: SsoFailure };

/**
 * Anyone returning from the provider: checks that the state is this browser's and unused, lets
 * openid-client validate the code exchange and ID token, then provisions and starts a session.
 * Every refusal gives a reason code only (never whether an address has an account), and no session.
 */
export async function completeSignIn(
  ctx: DomainCtx,
  slug: string,
  r: { url: URL; cookieState: string | null; ip?: string | null; userAgent?: string } & OidcOptions,
): Promise<CallbackResult> {
  const l = limiter(ctx.db, "sso_callback", CALLBACK_LIMIT);
  const key = r.ip ?? "unknown";
  if ((await blockedFor(l, key)) > 0) return { ok: false, failure: "rateLimited" };
  await hit(l, key);
  const p = await findProviderBySlug(ctx.db, slug);
  if (!p || p.protocol !== "oidc") return { ok: false, failure: "unknownProvider" };
  if (r.url.searchParams.has("error")) return { ok: false, failure: "invalidResponse" };
  const state = r.url.searchParams.get("state");
  if (!state || !r.cookieState || state !== r.cookieState) return { ok: false, failure: "stateInvalid" };
  const row = await consumeLoginState(ctx.db, stateHashOf(state), p.id, ctx.now);
  if (!row) return { ok: false, failure: "stateInvalid" };
  const url = new URL(callbackUrl(p.slug));
  url.search = r.url.search;
  const exchanged = await oidcExchange(ctx, p, url, { state, codeVerifier: row.code_verifier, nonce: row.nonce }, r);
  if (!exchanged.ok) return exchanged;
  if (row.purpose === "test") {
    if (!ctx.viewer || ctx.viewer.id !== row.tester_id) return { ok: false, failure: "stateInvalid" };
    return { ok: true, kind: "test", claims: exchanged.claims, providerSlug: p.slug };
  }
  if (!p.enabled) return { ok: false, failure: "unknownProvider" };
  const done = await provision(ctx, p, exchanged.claims);
  if (!done.ok) return done;
  const session = await startSessionWithId(done.userId, r.userAgent ?? "");
  await recordSsoSession(ctx.db, session.sessionId, p.id, exchanged.idToken);
  return { ok: true, kind: "login", setCookie: session.setCookie, redirectTo: safeRedirect(row.redirect_to) };
}

export type SamlResult =
  | { ok: true; kind: "login"; setCookie: string; redirectTo: string }
  | { ok: true; kind: "test"; redirectTo: string }
  | { ok: false; failure: SsoFailure };

/**
 * Anyone whose browser the IdP posts back (SAML HTTP-POST binding): node-saml verifies the
 * signed assertion and InResponseTo; the relay state gives the way back. Same provisioning and
 * refusals as OIDC; no session on any failure. A test run started by an admin provisions
 * nothing: its claims wait (single use, 10 minutes) for that admin on the provider's page.
 */
export async function completeSamlSignIn(
  ctx: DomainCtx,
  slug: string,
  r: { samlResponse: string; relayState: string; ip?: string | null; userAgent?: string },
): Promise<SamlResult> {
  const l = limiter(ctx.db, "sso_callback", CALLBACK_LIMIT);
  const key = r.ip ?? "unknown";
  if ((await blockedFor(l, key)) > 0) return { ok: false, failure: "rateLimited" };
  await hit(l, key);
  const p = await findProviderBySlug(ctx.db, slug);
  if (!p || p.protocol !== "saml") return { ok: false, failure: "unknownProvider" };
  const checked = await samlValidate(ctx, p, r.samlResponse);
  if (!checked.ok) return checked;
  const row = /^[A-Za-z0-9_-]{20,100}$/.test(r.relayState) ? await consumeLoginState(ctx.db, stateHashOf(r.relayState), p.id, ctx.now) : undefined;
  if (!row) return { ok: false, failure: "stateInvalid" };
  if (row.purpose === "test" && row.tester_id) {
    const token = randomToken();
    await insertTestResult(ctx.db, {
      tokenHash: stateHashOf(token), providerId: p.id, testerId: row.tester_id, claims: checked.claims.raw,
      expiresAt: new Date(ctx.now.getTime() + STATE_MINUTES * 60_000), now: ctx.now,
    });
    return { ok: true, kind: "test", redirectTo: `/admin/identity-providers/${encodeURIComponent(p.slug)}?test=${token}#test-result` };
  }
  if (!p.enabled) return { ok: false, failure: "unknownProvider" };
  const done = await provision(ctx, p, checked.claims);
  if (!done.ok) return done;
  const session = await startSessionWithId(done.userId, r.userAgent ?? "");
  return { ok: true, kind: "login", setCookie: session.setCookie, redirectTo: safeRedirect(row.redirect_to) };
}

/** The admin who started a SAML test run, on the provider's page: its claims, once; else null. */
export async function takeTestClaims(ctx: DomainCtx, providerId: string, token: string): Promise<Record<string, unknown> | null> {
  if (!ctx.viewer || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return takeTestResult(ctx.db, stateHashOf(token), providerId, ctx.viewer.id, ctx.now);
}
