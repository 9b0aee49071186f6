import { randomBytes } from "node:crypto";
import { hashToken } from "./lucia.server";

/** A fresh 256-bit URL-safe token and the SHA-256 hash that is all the database keeps. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

/** Only well-formed tokens reach the database. */
export const tokenHashOf = (token: string | undefined): string | null =>
  token && /^[A-Za-z0-9_-]{43}$/.test(token) ? hashToken(token) : null;

/** The client's address as the server put it in the load context (per-IP limits), if any. */
export function clientIpOf(context: unknown): string | null {
  const ip = (context as { clientIp?: unknown } | null)?.clientIp;
  return typeof ip === "string" && ip ? ip : null;
}
