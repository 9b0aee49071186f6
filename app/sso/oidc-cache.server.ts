import * as client from "openid-client";

// A small per-process cache for what every sign-in asks the provider: its discovery document
// (10 minutes) and its signing keys (JWKS, 4 minutes). Key rotation: a token whose `kid` is not
// in the cached set makes openid-client fetch the set again at once (we hand the cache over as
// "at least a minute old", which is when the library allows a refetch), so a provider that
// rotates its key between two sign-ins is followed without waiting and a removed key is refused.

export const DISCOVERY_TTL_MS = 10 * 60_000;
export const JWKS_TTL_MS = 4 * 60_000; // below openid-client's own 5-minute freshness limit

type Doc = { body: string; contentType: string; fetchedAt: number };
const discoveryDocs = new Map<string, Doc>();
const jwksSets = new Map<string, { jwks: client.ExportedJWKSCache["jwks"]; fetchedAt: number }>();

const isDiscoveryUrl = (href: string) => href.includes("/.well-known/openid-configuration");

/** A fetch that answers discovery requests from the cache and stores successful ones. */
export function cachingFetch(base: typeof fetch = fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const href = input instanceof Request ? input.url : String(input);
    if (!isDiscoveryUrl(href) || (init?.method && init.method !== "GET")) return base(input, init);
    const hit = discoveryDocs.get(href);
    if (hit && Date.now() - hit.fetchedAt < DISCOVERY_TTL_MS) {
      return new Response(hit.body, { status: 200, headers: { "content-type": hit.contentType } });
    }
    const res = await base(input, init);
    if (res.status !== 200) return res;
    const body = await res.text();
    const contentType = res.headers.get("content-type") ?? "application/json";
    // Only a document that parses is kept; a broken one is never served twice from here.
    try {
      JSON.parse(body);
      discoveryDocs.set(href, { body, contentType, fetchedAt: Date.now() });
    } catch {
      discoveryDocs.delete(href);
    }
    return new Response(body, { status: 200, headers: { "content-type": contentType } });
  }) as typeof fetch;
}

/** Gives a fresh configuration the cached signing keys of its provider, if any. */
export function loadJwks(config: client.Configuration): void {
  const uri = config.serverMetadata().jwks_uri;
  const hit = uri ? jwksSets.get(uri) : undefined;
  if (!hit || Date.now() - hit.fetchedAt >= JWKS_TTL_MS) return;
  const nowSec = Math.floor(Date.now() / 1000);
  client.setJwksCache(config, { jwks: structuredClone(hit.jwks), uat: Math.min(Math.floor(hit.fetchedAt / 1000), nowSec - 60) });
}

/** Keeps the keys openid-client used (or fetched anew) for the next sign-in. */
export function storeJwks(config: client.Configuration, loadedAt: number | undefined): void {
  const uri = config.serverMetadata().jwks_uri;
  const c = client.getJwksCache(config);
  if (!uri || !c) return;
  const prev = jwksSets.get(uri);
  if (prev && loadedAt !== undefined && c.uat <= loadedAt) return; // unchanged: keep the original fetch time
  jwksSets.set(uri, { jwks: structuredClone(c.jwks), fetchedAt: Date.now() });
}

/** The uat handed in by loadJwks (to tell a refetch from a cache hit), or undefined. */
export const jwksUat = (config: client.Configuration) => client.getJwksCache(config)?.uat;
