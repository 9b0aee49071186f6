import net, { type AddressInfo } from "node:net";
import type { Server } from "node:http";
import { generateKeyPair, exportJWK } from "jose";
import Provider from "oidc-provider";

// A real OpenID provider (oidc-provider, an OpenID-certified implementation) for the SSO tests.
// Each instance is one "tenant": its own issuer, signing key, clients and people. Its built-in
// development login page is the provider's login page the browser test fills in.

export { freePort } from "./app-process";
import { freePort } from "./app-process";

export type OpAccount = { sub: string; email?: string; email_verified?: boolean; name?: string; tid?: string; groups?: string[] };
export type OpClient = { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris?: string[] };
export type TestOp = {
  issuer: string;
  accounts: Map<string, OpAccount>;
  stop: () => Promise<void>;
};

export async function startOp(o: { clients: OpClient[]; accounts: OpAccount[]; port?: number; idTokenTtl?: number; kid?: string; privateKey?: CryptoKey }): Promise<TestOp> {
  const port = o.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  // A given key (and kid) lets a test restart the provider with a rotated signing key.
  const privateKey = o.privateKey ?? (await generateKeyPair("RS256", { extractable: true })).privateKey;
  const jwk = { ...(await exportJWK(privateKey)), kid: o.kid ?? `k-${port}`, alg: "RS256", use: "sig" };
  const accounts = new Map(o.accounts.map((a) => [a.sub, a]));
  const provider = new Provider(issuer, {
    clients: o.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    })),
    jwks: { keys: [jwk as never] },
    cookies: { keys: [`cookie-key-${port}`] },
    claims: { openid: ["sub", "tid", "groups"], email: ["email", "email_verified"], profile: ["name"] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    ttl: { IdToken: o.idTokenTtl ?? 3600 },
    async findAccount(_ctx: unknown, id: string) {
      const a = accounts.get(id);
      if (!a) return undefined;
      return { accountId: id, claims: async () => ({ ...a }) };
    },
  });
  // oidc-provider logs a warning per dev feature; keep test output readable.
  provider.on("server_error", (_ctx: unknown, err: unknown) => console.error("oidc-provider", err));
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, "127.0.0.1", () => resolve(s));
  });
  void (server.address() as AddressInfo);
  return {
    issuer,
    accounts,
    stop: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A tiny cookie jar for driving the provider's pages with fetch. */
class Jar {
  private c = new Map<string, string>();
  take(res: Response) {
    for (const h of res.headers.getSetCookie()) {
      const [pair] = h.split(";");
      const i = pair.indexOf("=");
      this.c.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  header() {
    return [...this.c].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Does what a person does at the provider: opens the authorization URL, signs in as `login`
 * on its login page, consents, and returns the redirect back to us (with code and state).
 */
export async function signInAtOp(authUrl: string, login: string): Promise<URL> {
  const jar = new Jar();
  let url = new URL(authUrl);
  for (let i = 0; i < 12; i++) {
    const res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get("location")!, url);
      if (next.origin !== url.origin) return next; // back to the relying party
      url = next;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`unexpected provider page: ${html.slice(0, 300)}`);
    const body = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any" } : { prompt });
    const post = await fetch(new URL(action, url), { method: "POST", redirect: "manual", body, headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" } });
    jar.take(post);
    if (post.status < 300 || post.status >= 400) throw new Error(`provider form answered ${post.status}`);
    const next = new URL(post.headers.get("location")!, url);
    if (next.origin !== url.origin) return next;
    url = next;
  }
  throw new Error("too many redirects at the provider");
}
