import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// Client secrets at rest: AES-256-GCM with a key from SSO_SECRET_KEY (32 bytes, base64 or hex).
// Demo and test installations derive a fixed development key, so they work out of the box;
// production refuses to store or read a secret without a configured key.

const DEV_KEY_SEED = "allmanning-development-sso-key (never use in production)";

export class MissingSecretKeyError extends Error {
  constructor() {
    super("SSO_SECRET_KEY is not set: generate one with `openssl rand -base64 32`");
  }
}

function key(): Buffer {
  const raw = process.env.SSO_SECRET_KEY?.trim();
  if (raw) {
    const k = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
    if (k.length !== 32) throw new Error("SSO_SECRET_KEY must be 32 bytes (base64 or 64 hex digits)");
    return k;
  }
  const demo = process.env.DEMO_MODE === "1" || process.env.DEMO_MODE === "true" || !process.env.DATABASE_URL;
  if (process.env.NODE_ENV === "test" || process.env.NODE_ENV === "development" || demo) {
    return createHash("sha256").update(DEV_KEY_SEED).digest();
  }
  throw new MissingSecretKeyError();
}

/** "v1.<iv>.<tag>.<ciphertext>" (base64url parts). */
export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return ["v1", iv, c.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptSecret(stored: string): string {
  const [v, iv, tag, body] = stored.split(".");
  if (v !== "v1" || !iv || !tag || body === undefined) throw new Error("unreadable secret");
  const d = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");
