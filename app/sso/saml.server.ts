import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import type { DomainCtx } from "../lib/ctx.server";
import { appBaseUrl } from "../lib/mail.server";
import { firstSighting, removeRequestId, requestIdCreated, saveRequestId } from "./saml.repo.server";
import type { IdentityProvider, SsoFailure, VerifiedClaims } from "./types";

// The SAML 2.0 service provider, on @node-saml/node-saml: signed assertions required (one
// assertion at the fixed position, verified by xml-crypto, which defeats signature wrapping),
// audience, issuer, time conditions and InResponseTo checked; we add size, DTD/entity,
// Recipient/Destination and assertion-replay checks around it.

export const MAX_SAML_RESPONSE_BYTES = 256 * 1024;
export const REQUEST_MINUTES = 10;

export const spEntityId = (slug: string) => `${appBaseUrl()}/auth/saml/${encodeURIComponent(slug)}/metadata`;
export const acsUrl = (slug: string) => `${appBaseUrl()}/auth/saml/${encodeURIComponent(slug)}/acs`;

/** node-saml's request-id cache, in PostgreSQL so every app process sees it. */
function cache(ctx: DomainCtx, providerId: string): CacheProvider {
  return {
    async saveAsync(key, value) {
      await saveRequestId(ctx.db, providerId, key, new Date(ctx.now.getTime() + REQUEST_MINUTES * 60_000));
      return { value, createdAt: ctx.now.getTime() };
    },
    async getAsync(key) {
      const at = await requestIdCreated(ctx.db, providerId, key, ctx.now);
      return at ? at.toISOString() : null;
    },
    async removeAsync(key) {
      if (key) await removeRequestId(ctx.db, key);
      return key;
    },
  };
}

function sp(ctx: DomainCtx, p: IdentityProvider): SAML {
  return new SAML({
    entryPoint: p.samlSsoUrl,
    issuer: spEntityId(p.slug),
    callbackUrl: acsUrl(p.slug),
    audience: spEntityId(p.slug),
    idpCert: p.samlCert,
    idpIssuer: p.samlEntityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_MINUTES * 60_000,
    acceptedClockSkewMs: 30_000,
    maxAssertionAgeMs: 10 * 60_000,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    cacheProvider: cache(ctx, p.id),
  });
}

/** The redirect to the IdP (HTTP-Redirect binding) with a stored request id for InResponseTo. */
export async function samlAuthorizationUrl(ctx: DomainCtx, p: IdentityProvider, relayState: string): Promise<string> {
  return sp(ctx, p).getAuthorizeUrlAsync(relayState, undefined, {});
}

export function samlMetadata(ctx: DomainCtx, p: IdentityProvider): string {
  return sp(ctx, p).generateServiceProviderMetadata(null, null);
}

const first = (v: unknown): string | null => (Array.isArray(v) ? first(v[0]) : typeof v === "string" ? v : null);

/** Checks a posted SAMLResponse; returns the verified claims or why not. */
export async function samlValidate(ctx: DomainCtx, p: IdentityProvider, samlResponse: string): Promise<{ ok: true; claims: VerifiedClaims } | { ok: false; failure: SsoFailure }> {
  if (!samlResponse || samlResponse.length > MAX_SAML_RESPONSE_BYTES || !/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) return { ok: false, failure: "invalidResponse" };
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  // No DTDs at all: no entity expansion, no external entities.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, failure: "invalidResponse" };
  // Every Recipient and the Destination must be our ACS URL (node-saml leaves these to us).
  const acs = acsUrl(p.slug);
  const recipients = [...xml.matchAll(/\bRecipient="([^"]*)"/g)].map((m) => m[1]);
  const destinations = [...xml.matchAll(/<(?:\w+:)?Response\b[^>]*\bDestination="([^"]*)"/g)].map((m) => m[1]);
  if (recipients.length === 0 || recipients.some((r) => r !== acs) || destinations.some((d) => d !== acs)) return { ok: false, failure: "tokenInvalid" };
  let profile: Profile | null;
  try {
    ({ profile } = await sp(ctx, p).validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch {
    return { ok: false, failure: "tokenInvalid" };
  }
  if (!profile) return { ok: false, failure: "tokenInvalid" };
  const assertionId = /<(?:\w+:)?Assertion\b[^>]*\bID="([^"]+)"/.exec(xml)?.[1];
  if (!assertionId || !(await firstSighting(ctx.db, p.id, assertionId, new Date(ctx.now.getTime() + 24 * 3600_000)))) return { ok: false, failure: "stateInvalid" };
  const attrs = profile as Record<string, unknown>;
  const email = first(attrs.email) ?? first(attrs.mail) ?? first(attrs["urn:oid:0.9.2342.19200300.100.1.3"]) ?? (profile.nameID?.includes("@") ? profile.nameID : null);
  const roles = attrs[p.roleClaim];
  return {
    ok: true,
    claims: {
      subject: profile.nameID ?? "",
      email,
      emailVerified: true,
      name: first(attrs.displayName) ?? first(attrs["urn:oid:2.16.840.1.113730.3.1.241"]),
      tenantId: null,
      roleValues: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : typeof roles === "string" ? [roles] : [],
      raw: Object.fromEntries(Object.entries(attrs).filter(([k]) => typeof attrs[k] !== "object" || Array.isArray(attrs[k]))),
    },
  };
}
