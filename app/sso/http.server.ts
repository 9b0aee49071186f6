import type { SsoFailure } from "./types";

/** HTTP status for a refused sign-in: the person's side is a 4xx, the provider's trouble a 503. */
export function failureStatus(f: SsoFailure): number {
  switch (f) {
    case "unknownProvider": return 404;
    case "rateLimited": return 429;
    case "providerUnavailable": return 503;
    case "badDiscovery": return 502;
    case "unknownTenant":
    case "accountUnavailable": return 403;
    default: return 400;
  }
}
