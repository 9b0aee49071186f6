import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { i18nFor } from "./lib/i18n/i18n";
import { NonceContext } from "./lib/nonce";
import { failedOnDatabase, noteRequestError, unavailablePage } from "./lib/unavailable.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A loader met a database outage: the calm 503 page, not a 500 (the app recovers by itself).
  if (failedOnDatabase(request)) {
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Cache-Control", "no-store");
    responseHeaders.set("Retry-After", "5");
    const html = unavailablePage({ cookie: request.headers.get("cookie"), acceptLanguage: request.headers.get("accept-language") });
    return new Response(html, { status: 503, headers: responseHeaders });
  }
  const i18n = i18nFor(loadContext.locale);
  const nonce = loadContext.nonce;
  const waitForAll = isbot(request.headers.get("user-agent") || "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          setCacheControl(responseHeaders, loadContext);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * A page rendered for a signed-in person must never be written to any cache (a shared computer's
 * disk cache, the back/forward history after sign-out): no-store. Signed-out pages stay
 * revalidated on every use (no-cache) unless the route chose otherwise.
 */
function setCacheControl(headers: Headers, context: AppLoadContext) {
  if (context.viewer) headers.set("Cache-Control", "private, no-store");
  else if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-cache");
}

// Loader data fetched by client-side navigation carries the same private content as the page.
export function handleDataRequest(response: Response, { request, context }: { request: Request; context: AppLoadContext }) {
  if (failedOnDatabase(request)) {
    return new Response(JSON.stringify({ status: "unavailable" }), {
      status: 503,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store", "Retry-After": "5" },
    });
  }
  setCacheControl(response.headers, context);
  // An action's redirect (a reply sent to `…#p7`, a setting saved to the page it was on) is
  // followed in the browser. When the target differs from the page only by its #fragment, Remix's
  // router may treat it as a jump within the page and reload no data (it does unless something
  // else asked for a reload), and the reply just posted would not be there. Every redirect after
  // a write therefore asks for the page's data again.
  if (request.method !== "GET" && request.method !== "HEAD" && response.headers.has("X-Remix-Redirect")) response.headers.set("X-Remix-Revalidate", "yes");
  return response;
}

// Log unexpected errors server-side only; the browser gets the translated error page.
export function handleError(error: unknown, { request }: { request: Request }) {
  if (noteRequestError(request, error)) return; // logged once per outage by db/client
  if (request.signal.aborted) return;
  console.error(error);
}
