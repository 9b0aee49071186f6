import type { OrgRole } from "../orgs/types";

export type Protocol = "oidc" | "saml";

/** A provider as the rest of the app sees it; the secret is never part of it, only whether one is set. */
export type IdentityProvider = {
  id: string;
  slug: string;
  orgId: string;
  orgName: string;
  orgSlug: string;
  protocol: Protocol;
  displayName: string;
  enabled: boolean;
  issuer: string;
  clientId: string;
  hasSecret: boolean;
  samlEntityId: string;
  samlSsoUrl: string;
  samlCert: string;
  roleClaim: string;
  roleMap: Record<string, OrgRole>;
  defaultRole: OrgRole;
  domainFallback: boolean;
  tenants: { tenantId: string; orgId: string; orgSlug: string }[];
  updatedAt: string;
};

/** What a provider told us about the person, after the protocol checks passed. */
export type VerifiedClaims = {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  tenantId: string | null;
  roleValues: string[];
  raw: Record<string, unknown>;
};

export const SSO_FAILURES = [
  "unknownProvider", "providerUnavailable", "badDiscovery", "invalidResponse", "stateInvalid", "tokenInvalid",
  "missingEmail", "missingTenant", "unknownTenant", "accountUnavailable", "rateLimited",
] as const;
export type SsoFailure = (typeof SSO_FAILURES)[number];
export const isSsoFailure = (v: unknown): v is SsoFailure => typeof v === "string" && (SSO_FAILURES as readonly string[]).includes(v);
