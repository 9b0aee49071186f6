import * as client from "openid-client";
import type { DomainCtx } from "../lib/ctx.server";
import { cachingFetch, jwksUat, loadJwks, storeJwks } from "./oidc-cache.server";
import { decryptSecret, randomToken, sha256 } from "./secrets.server";
import { secretOf } from "./providers.repo.server";
import type { IdentityProvider, SsoFailure, VerifiedClaims } from "./types";

// The OpenID Connect relying party, on openid-client (a certified implementation): discovery,
// authorization code + PKCE + state + nonce, and ID-token validation (issuer, audience, expiry,
// signature through the provider's JWKS; an unknown key id re-fetches the set, so rotation works).
// Discovery documents and key sets are cached per process (oidc-cache.server.ts).

export type OidcOptions = { timeoutMs?: number; fetch?: typeof fetch };

export const DEFAULT_TIMEOUT_MS = Number(process.env.SSO_HTTP_TIMEOUT_MS) || 5000;

const isLoopback = (u: URL) => u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]";

/** Network trouble (refused, reset, timed out) somewhere in the error's cause chain. */
export function isNetworkError(e: unknown): boolean {
  for (let x = e as { name?: string; code?: string; message?: string; cause?: unknown } | undefined, n = 0; x && n < 6; x = x.cause as typeof x, n++) {
    if (x.name === "TimeoutError" || x.name === "AbortError") return true;
    if (typeof x.code === "string" && /^(ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR|EHOSTUNREACH|ENETUNREACH)/.test(x.code)) return true;
    if (x.name === "TypeError" && /fetch failed/.test(x.message ?? "")) return true;
  }
  return false;
}

async function configuration(ctx: DomainCtx, p: IdentityProvider, opts: OidcOptions): Promise<client.Configuration | { failure: SsoFailure }> {
  let issuer: URL;
  try {
    issuer = new URL(p.issuer);
  } catch {
    return { failure: "badDiscovery" };
  }
  const enc = await secretOf(ctx.db, p.id);
  const secret = enc ? decryptSecret(enc) : undefined;
  const timeout = Math.max(1, Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000));
  // The domain clock: tests move ctx.now to show that expired tokens are refused.
  const skew = Math.round((ctx.now.getTime() - Date.now()) / 1000);
  const metadata: Partial<client.ClientMetadata> = { client_secret: secret, [client.clockSkew]: skew, [client.clockTolerance]: 30 };
  const execute = issuer.protocol === "http:" && isLoopback(issuer) ? [client.allowInsecureRequests] : [];
  const fetcher = cachingFetch(opts.fetch ?? fetch);
  try {
    const config = await client.discovery(issuer, p.clientId, metadata, secret ? client.ClientSecretPost(secret) : client.None(), {
      timeout, execute, [client.customFetch]: fetcher as never,
    });
    config.timeout = timeout;
    // Token-endpoint ID tokens are otherwise trusted on TLS alone (OIDC Core 3.1.3.7); we check the
    // signature against the provider's JWKS too, so a token altered on the way is refused.
    client.enableNonRepudiationChecks(config);
    config[client.customFetch] = fetcher as never;
    loadJwks(config);
    return config;
  } catch (e) {
    return { failure: isNetworkError(e) ? "providerUnavailable" : "badDiscovery" };
  }
}

export type OidcStart = { url: string; state: string; codeVerifier: string; nonce: string };

/** Builds the provider's authorization URL with fresh PKCE, state and nonce (the caller stores them). */
export async function oidcAuthorizationUrl(ctx: DomainCtx, p: IdentityProvider, redirectUri: string, opts: OidcOptions = {}): Promise<OidcStart | { failure: SsoFailure }> {
  const config = await configuration(ctx, p, opts);
  if ("failure" in config) return config;
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = randomToken();
  const nonce = randomToken();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url: url.href, state, codeVerifier, nonce };
}

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return typeof v === "string" ? [v] : [];
}

/** Exchanges the code and validates the ID token; returns the claims or why not. */
export async function oidcExchange(
  ctx: DomainCtx,
  p: IdentityProvider,
  currentUrl: URL,
  checks: { state: string; codeVerifier: string; nonce: string },
  opts: OidcOptions = {},
): Promise<{ ok: true; claims: VerifiedClaims; idToken: string } | { ok: false; failure: SsoFailure }> {
  const config = await configuration(ctx, p, opts);
  if ("failure" in config) return { ok: false, failure: config.failure };
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  const loadedAt = jwksUat(config);
  try {
    tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true,
    });
  } catch (e) {
    return { ok: false, failure: isNetworkError(e) ? "providerUnavailable" : "tokenInvalid" };
  } finally {
    storeJwks(config, loadedAt);
  }
  const c = tokens.claims();
  if (!c || !tokens.id_token) return { ok: false, failure: "tokenInvalid" };
  const email = typeof c.email === "string" ? c.email : typeof c.preferred_username === "string" && c.preferred_username.includes("@") ? c.preferred_username : null;
  return {
    ok: true,
    idToken: tokens.id_token,
    claims: {
      subject: String(c.sub),
      email,
      // Entra ID sends no email_verified; an organisation's own directory is trusted for its addresses.
      emailVerified: c.email_verified !== false,
      name: typeof c.name === "string" ? c.name : null,
      tenantId: typeof c.tid === "string" ? c.tid : null,
      roleValues: strings(c[p.roleClaim]),
      raw: { ...c },
    },
  };
}

/** The provider's end-session URL for RP-initiated logout, or null when it has none. */
export async function oidcEndSessionUrl(ctx: DomainCtx, p: IdentityProvider, idTokenHint: string, postLogoutRedirectUri: string, opts: OidcOptions = {}): Promise<string | null> {
  const config = await configuration(ctx, p, opts);
  if ("failure" in config || !config.serverMetadata().end_session_endpoint) return null;
  return client.buildEndSessionUrl(config, { id_token_hint: idTokenHint, post_logout_redirect_uri: postLogoutRedirectUri, client_id: p.clientId }).href;
}

export const stateHashOf = (state: string) => sha256(`sso-state:${state}`);
