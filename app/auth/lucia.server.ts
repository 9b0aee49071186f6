import { createHash, randomBytes } from "node:crypto";
import { Lucia, TimeSpan } from "lucia";
import { getDb } from "../../db/client";
import type { Viewer } from "../policy/types";
import { kyselyAdapter } from "./session.repo.server";

// The only module that imports lucia (frozen upstream; keep it contained here).

export const IDLE_LIFETIME_HOURS = 12;
export const ABSOLUTE_LIFETIME_DAYS = 7;

// Unset NODE_ENV means production (as in loadEnv). Decided here at import time, which can come
// before loadEnv runs, so both copies of this module (server entry, Remix build) agree on the name.
const production = process.env.NODE_ENV !== "development" && process.env.NODE_ENV !== "test";
const secureCookies = production && process.env.INSECURE_COOKIES !== "1";

export const lucia = new Lucia(kyselyAdapter(getDb), {
  sessionExpiresIn: new TimeSpan(IDLE_LIFETIME_HOURS, "h"),
  sessionCookie: {
    // __Host- requires Secure, path=/ and no Domain: only possible behind https.
    name: secureCookies ? "__Host-allm_session" : "allm_session",
    attributes: { secure: secureCookies, sameSite: "lax" },
  },
  getSessionAttributes: (a) => a,
  getUserAttributes: (a) => a,
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    UserId: string;
    DatabaseSessionAttributes: { absoluteExpiresAt: Date; userAgent?: string; createdAt?: Date };
    DatabaseUserAttributes: {
      email: string;
      handle: string;
      name: string;
      locale: "sv" | "en" | null;
      primaryOrgId: string | null;
      networkRole: "moderator" | "admin" | null;
      deactivatedAt: Date | null;
      memberships: { orgId: string; role: "member" | "ambassador" | "moderator" | "admin" }[];
    };
  }
}

/** SHA-256 of the cookie token: what the database stores as the session id. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Starts a session for an active user; returns the Set-Cookie header value. */
export async function startSession(userId: string, userAgent = ""): Promise<string> {
  return (await startSessionWithId(userId, userAgent)).setCookie;
}

/** As startSession, also returning the stored session id (SSO remembers which provider started it). */
export async function startSessionWithId(userId: string, userAgent = ""): Promise<{ setCookie: string; sessionId: string }> {
  const token = randomBytes(32).toString("base64url"); // 256 bits
  const sessionId = hashToken(token);
  await lucia.createSession(
    userId,
    { absoluteExpiresAt: new Date(Date.now() + ABSOLUTE_LIFETIME_DAYS * 86400_000), userAgent: userAgent.slice(0, 300) },
    { sessionId },
  );
  return { setCookie: lucia.createSessionCookie(token).serialize(), sessionId };
}

export type SessionResult = { viewer: Viewer | null; sessionId: string | null; setCookie: string | null };

/** Reads the cookie and returns the viewer. Deactivated people and people with no membership get no viewer. */
export async function readSession(cookieHeader: string | null): Promise<SessionResult> {
  const token = lucia.readSessionCookie(cookieHeader ?? "");
  if (!token) return { viewer: null, sessionId: null, setCookie: null };
  const { session, user } = await lucia.validateSession(hashToken(token));
  if (!session || !user || session.absoluteExpiresAt.getTime() <= Date.now() || user.deactivatedAt || user.memberships.length === 0) {
    if (session) await lucia.invalidateSession(session.id);
    return { viewer: null, sessionId: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  const viewer: Viewer = {
    id: user.id,
    email: user.email,
    handle: user.handle,
    name: user.name,
    locale: user.locale,
    primaryOrgId: user.primaryOrgId,
    networkRole: user.networkRole,
    memberships: user.memberships,
  };
  // A refreshed session keeps the same token; re-send the cookie so its expiry slides too.
  const setCookie = session.fresh ? lucia.createSessionCookie(token).serialize() : null;
  return { viewer, sessionId: session.id, setCookie };
}

export const endSession = (sessionId: string) => lucia.invalidateSession(sessionId);
export const endAllSessions = (userId: string) => lucia.invalidateUserSessions(userId);
export const blankSessionCookie = () => lucia.createBlankSessionCookie().serialize();
export const listSessions = (userId: string) => lucia.getUserSessions(userId);
