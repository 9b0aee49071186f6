import { afterEach, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, MissingSecretKeyError } from "../../app/sso/secrets.server";
import { mappedRole } from "../../app/sso/provision.server";
import { providerSchema } from "../../app/sso/schemas";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("client secrets at rest (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time, and never contains the plaintext", () => {
    const a = encryptSecret("s3cret-value");
    const b = encryptSecret("s3cret-value");
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cret");
    expect(decryptSecret(a)).toBe("s3cret-value");
  });
  it("refuses a tampered ciphertext and a different key", () => {
    const enc = encryptSecret("s3cret-value");
    const parts = enc.split(".");
    const body = Buffer.from(parts[3], "base64url");
    body[0] ^= 1;
    expect(() => decryptSecret([...parts.slice(0, 3), body.toString("base64url")].join("."))).toThrow();
    process.env.SSO_SECRET_KEY = Buffer.alloc(32, 7).toString("base64");
    expect(() => decryptSecret(enc)).toThrow();
  });
  it("production without SSO_SECRET_KEY refuses instead of using the development key", () => {
    Object.assign(process.env, { NODE_ENV: "production", DEMO_MODE: "0", DATABASE_URL: "postgres://x/y" });
    delete process.env.SSO_SECRET_KEY;
    expect(() => encryptSecret("x")).toThrow(MissingSecretKeyError);
    process.env.SSO_SECRET_KEY = "tooshort";
    expect(() => encryptSecret("x")).toThrow(/32 bytes/);
  });
});

describe("claims → role", () => {
  const p = { roleMap: { "g-amb": "ambassador", "g-admin": "admin", "g-mod": "moderator" } as const, defaultRole: "member" as const };
  it("takes the highest mapped role, else the default", () => {
    expect(mappedRole(p, ["x", "g-amb", "g-mod"])).toBe("moderator");
    expect(mappedRole(p, ["g-admin", "g-amb"])).toBe("admin");
    expect(mappedRole(p, ["unknown"])).toBe("member");
    expect(mappedRole(p, [])).toBe("member");
  });
  it("parses mapping and tenant lines, refusing malformed ones with a catalogue key", () => {
    const base = { slug: "gavle", orgSlug: "gavle", protocol: "oidc", displayName: "G", issuer: "https://login.microsoftonline.com/t/v2.0", clientId: "c" };
    const ok = providerSchema.parse({ ...base, roleMap: "Allm.Admin = admin\n\n g1=ambassador ", tenants: "t-1 = gavle" });
    expect(ok.roleMap).toEqual({ "Allm.Admin": "admin", g1: "ambassador" });
    expect(ok.tenants).toEqual([{ tenantId: "t-1", orgSlug: "gavle" }]);
    const bad = providerSchema.safeParse({ ...base, roleMap: "g1 = king", issuer: "http://evil.example" });
    expect(bad.success).toBe(false);
    const keys = bad.success ? [] : bad.error.issues.map((i) => i.message).sort();
    expect(keys).toEqual(["sso:errors.https", "sso:errors.roleMapLine"]);
  });
});
