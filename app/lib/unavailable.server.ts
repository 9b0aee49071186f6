// While PostgreSQL is unreachable the app answers 503 with a calm, translated page and recovers by
// itself (db/client.ts probes the database and clears the state). Nothing here needs the database.
import type { NextFunction, Request, Response } from "express";
import { isConnectionError, isDatabaseDown, noteDatabaseError } from "../../db/client";
import { i18nFor } from "./i18n/i18n";
import { negotiateLocale } from "./i18n/negotiate.server";

const RETRY_AFTER_S = 5;
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The 503 page in the visitor's language (cookie, then Accept-Language, then Swedish). */
export function unavailablePage(headers: { cookie?: string | null; acceptLanguage?: string | null }): string {
  const locale = negotiateLocale({ cookieHeader: headers.cookie, acceptLanguage: headers.acceptLanguage });
  const t = i18nFor(locale).getFixedT(locale, "common");
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_S}"><meta name="robots" content="noindex"><title>${escape(t("unavailable.title"))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}a{color:#0b57a4}</style></head>
<body><main><p>${escape(t("error.status", { status: 503 }))}</p><h1>${escape(t("unavailable.title"))}</h1><p>${escape(t("unavailable.body"))}</p>
<p><a href="">${escape(t("unavailable.retry"))}</a></p></main></body></html>`;
}

/** Sends the 503 (HTML for pages, JSON for Remix data requests); never cached. */
export function sendUnavailable(req: Request, res: Response): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(503).setHeader("Retry-After", String(RETRY_AFTER_S));
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  if ("_data" in req.query) {
    res.type("application/json").send(JSON.stringify({ status: "unavailable" }));
    return;
  }
  res.type("text/html; charset=utf-8").send(unavailablePage({ cookie: req.get("cookie"), acceptLanguage: req.get("accept-language") }));
}

/**
 * In front of everything that reads the database: while it is known to be down, answer 503 at
 * once instead of piling requests onto a pool that cannot connect. /healthz still runs its own check.
 */
export function databaseGate() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isDatabaseDown() && req.path !== "/healthz") return sendUnavailable(req, res);
    next();
  };
}

/** Last in the chain: a database outage met mid-request (session lookup, page cache) is a 503, not a 500. */
export function databaseErrors() {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!noteDatabaseError(error) && !isConnectionError(error)) return next(error);
    sendUnavailable(req, res);
  };
}

// Remix: loaders and actions that meet an outage. handleError (entry.server) sees the original
// error before it is sanitised; the request is remembered so that the response becomes a 503.
const failedRequests = new WeakSet<object>();
export function noteRequestError(request: object, error: unknown): boolean {
  if (!noteDatabaseError(error)) return false;
  failedRequests.add(request);
  return true;
}
export const failedOnDatabase = (request: object) => failedRequests.has(request);
