import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

// SSRF protection for webhook endpoints. A URL's host is resolved, and EVERY address it resolves
// to must be an ordinary global unicast address: loopback, private (RFC 1918), carrier-grade NAT,
// link-local (169.254/16 with the cloud metadata address, fe80::/10), unique-local (fc00::/7),
// unspecified, multicast, reserved and IPv4-mapped forms of those are refused. The connection then
// goes to the address that was checked (pinned), so a DNS answer that changes between check and
// connect (rebinding) cannot reach an internal host. When private addresses are allowed (on-premises
// integration: WEBHOOKS_ALLOW_PRIVATE=1 or the organisation's switch), plain http is allowed too.

export type Resolved = { ok: true; address: string; family: 4 | 6; url: URL } | { ok: false; reason: WebhookUrlProblem };
export type WebhookUrlProblem = "invalid" | "https" | "credentials" | "unresolvable" | "private";

/** True for an address a public webhook may reach. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

export const privateAllowedByEnv = (env: Record<string, string | undefined> = process.env) => env.WEBHOOKS_ALLOW_PRIVATE === "1" || env.WEBHOOKS_ALLOW_PRIVATE === "true";

/** Checks a URL's form (https unless private addresses are allowed; no user:password). */
export function checkUrlShape(raw: string, allowPrivate: boolean): { ok: true; url: URL } | { ok: false; reason: WebhookUrlProblem } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) return { ok: false, reason: "https" };
  if (url.username || url.password) return { ok: false, reason: "credentials" };
  if (!url.hostname) return { ok: false, reason: "invalid" };
  return { ok: true, url };
}

/** Resolves a webhook URL and picks the address to connect to, or says why it may not be used. */
export async function resolveEndpoint(raw: string, allowPrivate: boolean): Promise<Resolved> {
  const shape = checkUrlShape(raw, allowPrivate);
  if (!shape.ok) return shape;
  const host = shape.url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(host)) addresses = [{ address: host, family: host.includes(":") ? 6 : 4 }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      return { ok: false, reason: "unresolvable" };
    }
  }
  if (!addresses.length) return { ok: false, reason: "unresolvable" };
  if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) return { ok: false, reason: "private" };
  const first = addresses[0];
  return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4, url: shape.url };
}
