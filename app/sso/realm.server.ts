import { resetTokenEmail } from "../auth/reset.server";
import type { DomainCtx } from "../lib/ctx.server";
import { appBaseUrl } from "../lib/mail.server";
import { ssoSessionOf } from "./logins.repo.server";
import { oidcEndSessionUrl } from "./oidc.server";
import { samlMetadata } from "./saml.server";
import { findProviderById, findProviderBySlug, listLoginButtons, providersForDomain, requiredSsoForDomain } from "./providers.repo.server";

// The sign-in page's hooks: buttons, home-realm discovery, "require SSO", and RP-initiated logout.

const domainOf = (email: string) => email.trim().toLowerCase().split("@").pop() ?? "";

/** Anyone: one button per enabled provider ("Logga in med Gävle kommun"). */
export async function loginButtons(ctx: DomainCtx) {
  const rows = await listLoginButtons(ctx.db);
  return rows.map((r) => ({ slug: r.slug, orgName: r.org_name }));
}

/**
 * Anyone: home-realm discovery. When the address's domain belongs to an organisation with an
 * enabled provider, the URL that starts a sign-in there; otherwise null. Decided by the domain
 * alone, so it says nothing about whether an account exists.
 */
export async function homeRealm(ctx: DomainCtx, email: string, redirectTo: string | null): Promise<{ startUrl: string; orgName: string } | null> {
  const domain = domainOf(email);
  if (!domain) return null;
  const [first] = await providersForDomain(ctx.db, domain);
  if (!first) return null;
  const q = redirectTo && redirectTo !== "/" ? `?redirectTo=${encodeURIComponent(redirectTo)}` : "";
  return { startUrl: `/auth/sso/${encodeURIComponent(first.slug)}/start${q}`, orgName: first.org_name };
}

/** Anyone: the organisation (and its provider) when the address's domain requires SSO, else null. */
export async function ssoRequiredFor(ctx: DomainCtx, email: string): Promise<{ org: string; slug: string } | null> {
  const r = await requiredSsoForDomain(ctx.db, domainOf(email));
  return r ? { org: r.name, slug: r.slug } : null;
}

/**
 * Anyone holding a reset link: the organisation when the link's address now requires SSO. A link
 * mailed before "require SSO" was switched on stops working the moment it is on.
 */
export async function ssoRequiredForResetLink(ctx: DomainCtx, token: string): Promise<{ org: string; slug: string } | null> {
  const email = await resetTokenEmail(ctx, token);
  return email ? ssoRequiredFor(ctx, email) : null;
}

/** The signed-in person's own session: the provider's end-session URL when SSO started it. */
export async function ssoLogoutUrl(ctx: DomainCtx, sessionId: string): Promise<string | null> {
  const s = await ssoSessionOf(ctx.db, sessionId);
  if (!s) return null;
  const p = await findProviderById(ctx.db, s.provider_id);
  if (!p || p.protocol !== "oidc") return null;
  try {
    return await oidcEndSessionUrl(ctx, p, s.id_token_hint, `${appBaseUrl()}/`, { timeoutMs: 3000 });
  } catch {
    return null; // signing out here never waits on a broken provider
  }
}

/** Anyone: the SP metadata of an enabled SAML provider, or null. */
export async function providerMetadata(ctx: DomainCtx, slug: string): Promise<string | null> {
  const p = await findProviderBySlug(ctx.db, slug);
  return p && p.enabled && p.protocol === "saml" ? samlMetadata(ctx, p) : null;
}
