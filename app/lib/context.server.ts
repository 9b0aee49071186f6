import { randomBytes } from "node:crypto";
import { readSession } from "../auth/lucia.server";
import { negotiateLocale } from "./i18n/negotiate.server";
import type { Locale } from "./i18n/resources";
import type { Viewer } from "./viewer";

export type AppContext = {
  viewer: Viewer | null;
  sessionId: string | null;
  locale: Locale;
  nonce: string;
  /** The client's address (behind TRUST_PROXY proxies), for per-address rate limits. */
  clientIp: string | null;
};

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {}
}

/**
 * Builds the per-request context every loader and action receives: the viewer (one query),
 * the negotiated locale and the CSP nonce. Returns a Set-Cookie to send when the session slid.
 */
export async function buildContext(headers: {
  cookie?: string | null;
  acceptLanguage?: string | null;
  clientIp?: string | null;
}): Promise<{ context: AppContext; setCookie: string | null }> {
  const { viewer, sessionId, setCookie } = await readSession(headers.cookie ?? null);
  const locale = negotiateLocale({
    userLocale: viewer?.locale,
    cookieHeader: headers.cookie,
    acceptLanguage: headers.acceptLanguage,
  });
  return { context: { viewer, sessionId, locale, nonce: randomBytes(16).toString("base64"), clientIp: headers.clientIp ?? null }, setCookie };
}
