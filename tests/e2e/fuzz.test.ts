import { readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateAppServer } from "../support/app-server";

// Request fuzzing against the production server (its own seeded database, so the writes it
// provokes touch no other test): every form and every loader parameter of every route, sent
// malformed, oversized, with NULs and other control characters, invalid UTF-8, a wrong or missing
// content type, broken multipart, duplicated keys and prototype keys, signed out and as a
// signed-in member with a same-origin Origin (so the action itself is reached). No answer may be
// a 5xx, and a 400 must show the form with what was typed. Deterministic: a seeded generator
// and a fixed number of requests.

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 4000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const PARALLEL = 6;

type Fixture = { thread: string; caseId: string; tag: string; org: string; handle: string; postId: string; userId: string };
type Action = { fields: Record<string, string>; echo?: string[] };
type RouteSpec = { path: (f: Fixture) => string; params?: string[]; actions?: Action[]; memberUnsafe?: boolean };

const ORG_FIELDS = { name: "Fuzz org", slug: "fuzz-org", kind: "municipality", domains: "fuzz.example", description: "Om oss" };
const CASE_FIELDS = {
  intent: "save", visibility: "network", language: "sv", title: "Fuzz case", summary: "Sammanfattning", department: "IT",
  suppliers: "", area: "", techniques: "", tool: "", status: "", problem: "Problem", approach: "", outcomes: "",
  figure_label: "", figure_value: "", figure_unit: "", lessons: "", contact_email: "", link_label: "", link_url: "",
};

/** Every route file, its URL, the query parameters its loader reads and the forms its action takes. */
const ROUTES: Record<string, RouteSpec> = {
  "$.tsx": { path: () => "/finns/inte" },
  "a.$publicId.$name.ts": { path: () => "/a/finnsinteALLS/fil.pdf", params: ["w"] },
  "attachments.upload.ts": { path: () => "/attachments/upload", actions: [{ fields: { title: "x" } }] },
  "_index.tsx": { path: () => "/" },
  "admin._index.tsx": { path: () => "/admin", actions: [{ fields: ORG_FIELDS, echo: ["name", "description"] }] },
  "admin.identity-providers._index.tsx": { path: () => "/admin/identity-providers", actions: [{ fields: { intent: "create", orgId: "1", protocol: "oidc", name: "Fuzz IdP", slug: "fuzz-idp" } }] },
  "admin.identity-providers.$slug.tsx": { path: () => "/admin/identity-providers/fuzz-idp", actions: [{ fields: { intent: "save", name: "Fuzz IdP" } }, { fields: { intent: "test" } }] },
  "api.v1.$.ts": { path: () => "/api/v1/finns-inte", actions: [{ fields: { x: "1" } }] },
  "api.v1.cases.$id.adoptions.ts": { path: (f) => `/api/v1/cases/${f.caseId}/adoptions`, params: ["limit", "cursor"], actions: [{ fields: { orgId: "1", status: "adopted", adoptedOn: "2026-01-01" } }] },
  "api.v1.cases.$id.ts": { path: (f) => `/api/v1/cases/${f.caseId}` },
  "api.v1.cases.ts": { path: () => "/api/v1/cases", params: ["q", "org", "area", "status", "limit", "cursor"], actions: [{ fields: { title: "Fuzz", orgId: "1", visibility: "network" } }] },
  "api.v1.docs.tsx": { path: () => "/api/v1/docs" },
  "api.v1.openapi[.]json.ts": { path: () => "/api/v1/openapi.json" },
  "api.v1.organisations.ts": { path: () => "/api/v1/organisations", params: ["limit", "cursor"] },
  "api.v1.people.$handle.ts": { path: (f) => `/api/v1/people/${f.handle}` },
  "api.v1.search.ts": { path: () => "/api/v1/search", params: ["q", "cursor"] },
  "api.v1.tags.ts": { path: () => "/api/v1/tags", params: ["limit", "cursor"] },
  "api.v1.threads.$id.posts.ts": { path: (f) => `/api/v1/threads/${f.thread}/posts`, params: ["limit", "cursor"], actions: [{ fields: { body: "Ett svar" } }] },
  "api.v1.threads.$id.ts": { path: (f) => `/api/v1/threads/${f.thread}` },
  "api.v1.threads.ts": { path: () => "/api/v1/threads", params: ["tag", "org", "kind", "status", "limit", "cursor"], actions: [{ fields: { title: "Fuzz", body: "x", tags: "x", orgId: "1" } }] },
  "auth.saml.$provider.acs.ts": { path: () => "/auth/saml/fuzz-idp/acs", actions: [{ fields: { SAMLResponse: "PHg+PC94Pg==", RelayState: "x" } }] },
  "auth.saml.$provider.metadata.ts": { path: () => "/auth/saml/fuzz-idp/metadata" },
  "auth.sso.$provider.callback.tsx": { path: () => "/auth/sso/fuzz-idp/callback", params: ["code", "state", "error", "error_description", "iss"] },
  "auth.sso.$provider.failed.tsx": { path: () => "/auth/sso/fuzz-idp/failed", params: ["reason"] },
  "auth.sso.$provider.start.tsx": { path: () => "/auth/sso/fuzz-idp/start", params: ["redirectTo"], actions: [{ fields: { redirectTo: "/" } }] },
  "mentions.suggest.ts": { path: () => "/mentions/suggest", params: ["q", "thread"] },
  "notifications._index.tsx": { path: () => "/notifications", params: ["before"], actions: [{ fields: { intent: "readAll" } }, { fields: { intent: "read", id: "1" } }] },
  "notifications.count.ts": { path: () => "/notifications/count" },
  "scim.v2.Groups.$id.ts": { path: () => "/scim/v2/Groups/1", actions: [{ fields: { displayName: "Fuzz" } }] },
  "scim.v2.Groups.ts": { path: () => "/scim/v2/Groups", params: ["filter", "excludedAttributes", "startIndex", "count"], actions: [{ fields: { displayName: "Fuzz" } }] },
  "scim.v2.ServiceProviderConfig.ts": { path: () => "/scim/v2/ServiceProviderConfig" },
  "scim.v2.Users.$id.ts": { path: () => "/scim/v2/Users/1", actions: [{ fields: { active: "false" } }] },
  "scim.v2.Users.ts": { path: () => "/scim/v2/Users", params: ["filter", "startIndex", "count"], actions: [{ fields: { userName: "fuzz@fuzz.example" } }] },
  "settings_.tokens.tsx": { path: () => "/settings/tokens", actions: [{ fields: { intent: "create", name: "Fuzz", scope: "read", expiresInDays: "30" } }, { fields: { intent: "revoke", tokenId: "1" } }] },
  "settings_.data.tsx": { path: () => "/settings/data", actions: [{ fields: { intent: "export" } }, { fields: { intent: "erase", confirm: "no" } }, { fields: { intent: "withdraw" } }] },
  "settings_.data.download.$key.ts": { path: () => "/settings/data/download/1" },
  "admin.erasure._index.tsx": { path: () => "/admin/erasure" },
  "admin.erasure.$id.tsx": { path: () => "/admin/erasure/1", actions: [{ fields: { confirm: "no" } }] },
  "admin.archive.tsx": { path: () => "/admin/archive", actions: [{ fields: { intent: "export" } }] },
  "admin.archive_.$id.download.ts": { path: () => "/admin/archive/1/download" },
  "integritet.tsx": { path: () => "/integritet" },
  "settings_.notifications.tsx": { path: () => "/settings/notifications", actions: [{ fields: { intent: "watch", targetType: "thread", targetId: "1", level: "watching" } }] },
  "admin.orgs.$slug.tsx": { path: (f) => `/admin/orgs/${f.org}`, actions: [{ fields: ORG_FIELDS, echo: ["name", "description"] }] },
  "admin.people.tsx": {
    path: () => "/admin/people", params: ["q"],
    actions: [{ fields: { intent: "role", userId: "1", networkRole: "none" } }, { fields: { intent: "deactivate", userId: "1", deactivate: "1" } }],
  },
  "admin.synonyms.tsx": {
    path: () => "/admin/synonyms",
    actions: [{ fields: { intent: "add", terms: "fuzzord, fuzzsynonym" }, echo: ["terms"] }, { fields: { intent: "remove", id: "1" } }],
  },
  "api.preview.ts": { path: () => "/api/preview", actions: [{ fields: { body: "**fet**" } }] },
  "best-practice.tsx": { path: () => "/best-practice" },
  "confirm.$kind.tsx": { path: () => "/confirm/deletePost", params: ["threadId", "postId", "targetType", "targetId", "userId", "slug", "caseId", "adoptionId"] },
  "undo.tsx": { path: () => "/undo", params: ["undo", "restored"], actions: [{ fields: { kind: "post", id: "1", back: "/" } }] },
  "cases.$caseId.tsx": {
    path: (f) => `/cases/${f.caseId}`,
    actions: [
      { fields: { intent: "reply", body: "Ett svar" }, echo: ["body"] },
      { fields: { intent: "adopt", org_id: "1", status: "planned", adopted_on: "2026-01-01", note: "Notering", derived_case_id: "" }, echo: ["note"] },
      { fields: { intent: "removeAdoption", adoption_id: "1" } },
      { fields: { intent: "openDiscussion" } },
    ],
  },
  "cases.$caseId_.edit.tsx": { path: (f) => `/cases/${f.caseId}/edit`, actions: [{ fields: CASE_FIELDS, echo: ["title", "summary"] }] },
  "cases._index.tsx": { path: () => "/cases", params: ["area", "status", "technique", "org", "evaluated", "risk", "tag", "q", "sort", "page"] },
  "cases.new.tsx": { path: () => "/cases/new", actions: [{ fields: CASE_FIELDS, echo: ["title", "summary"] }] },
  "cases.promote.$threadId.tsx": { path: (f) => `/cases/promote/${f.thread}`, actions: [{ fields: {} }] },
  "cases[.]csv.ts": { path: () => "/cases.csv", params: ["area", "q", "org", "tag", "page"] },
  "insights.tsx": { path: () => "/insights", params: ["from", "to", "org", "area"] },
  "insights[.]csv.ts": { path: () => "/insights.csv", params: ["panel", "from", "to", "org", "area"] },
  "cases[.]json.ts": { path: () => "/cases.json", params: ["area", "q", "org", "tag", "page"] },
  "cases.register.$file.ts": { path: () => "/cases/register/atrs-tier2.csv", params: ["area", "status", "technique", "org", "evaluated", "risk", "tag", "q"] },
  "cases.$caseId_.register.$file.ts": { path: (f) => `/cases/${f.caseId}/register/algoritmeregister.json` },
  "feeds.$.ts": { path: (f) => `/feeds/tags/${f.tag}.atom` },
  "settings_.feeds.tsx": { path: () => "/settings/feeds", actions: [{ fields: { intent: "create" } }, { fields: { intent: "revoke" } }] },
  "orgs.$slug_.admin_.webhooks.tsx": {
    path: (f) => `/orgs/${f.org}/admin/webhooks`,
    actions: [{ fields: { intent: "create", url: "https://hooks.example.org/x", description: "Fuzz", events: "thread.created" }, echo: ["url", "description"] }, { fields: { intent: "redeliver", id: "1" } }],
  },
  "dev.mailbox.tsx": { path: () => "/dev/mailbox", params: ["to"] },
  "flag.tsx": {
    path: () => "/flag", params: ["targetType", "targetId", "redirectTo"],
    actions: [{ fields: { targetType: "thread", targetId: "1", reason: "spam", text: "Varför", redirectTo: "/" }, echo: ["text"] }],
  },
  "healthz.ts": { path: () => "/healthz" },
  "invite.$token.tsx": { path: () => "/invite/fuzz-token", actions: [{ fields: { name: "Ny Person", username: "ny.person", password: "x".repeat(12) } }] },
  "lang.ts": { path: () => "/lang", actions: [{ fields: { lang: "en", redirectTo: "/" } }] },
  "login.tsx": { path: () => "/login", params: ["redirectTo"], actions: [{ fields: { email: "nobody@fuzz.example", password: "fel", redirectTo: "/" }, echo: ["email"] }], memberUnsafe: true },
  "logout.ts": { path: () => "/logout", actions: [{ fields: {} }], memberUnsafe: true },
  "mod.act.tsx": {
    path: () => "/mod/act",
    actions: [
      { fields: { intent: "hide", targetType: "thread", targetId: "1", reason: "Skäl", redirectTo: "/" } },
      { fields: { intent: "redact", targetType: "post", targetId: "1", text: "hemligt", reason: "Skäl" } },
      { fields: { intent: "pin", targetType: "thread", targetId: "1", scope: "front" } },
    ],
  },
  "mod.attachment.tsx": {
    path: () => "/mod/attachment",
    params: ["a", "redirectTo"],
    actions: [
      { fields: { intent: "hide", publicId: "finnsinteALLS", reason: "Skäl", redirectTo: "/" } },
      { fields: { intent: "redact", publicId: "finnsinteALLS", reason: "Skäl", confirm: "1" } },
    ],
  },
  "mod.edit.tsx": { path: () => "/mod/edit", params: ["targetType", "targetId", "redirectTo"] },
  "mod.gallring.tsx": { path: () => "/mod/gallring", params: ["mod"] },
  "mod.accessibility.tsx": { path: () => "/mod/accessibility", params: ["klar"], actions: [{ fields: { id: "1" } }] },
  "mod.health.tsx": { path: () => "/mod/health" },
  "mod.merge.tsx": { path: () => "/mod/merge", params: ["targetId", "redirectTo"], actions: [{ fields: { targetId: "1", into: "2", intoOther: "", redirectTo: "/" } }, { fields: { targetId: "1", into: "2", confirm: "1" } }] },
  "mod.move.tsx": { path: () => "/mod/move", params: ["targetId", "redirectTo"], actions: [{ fields: { targetId: "1", orgId: "1", visibility: "network", redirectTo: "/" } }] },
  "mod.pin.tsx": { path: () => "/mod/pin", params: ["targetId", "redirectTo"], actions: [{ fields: { targetId: "1", scope: "front", redirectTo: "/" } }] },
  "mod.log.tsx": { path: () => "/mod/log", params: ["actor", "org", "action", "before"] },
  "mod.notices.tsx": { path: () => "/mod/notices", params: ["mod"] },
  "mod.queue.tsx": { path: () => "/mod/queue", params: ["page"] },
  "orgs.$slug.tsx": { path: (f) => `/orgs/${f.org}` },
  "orgs.$slug_.admin.tsx": {
    path: (f) => `/orgs/${f.org}/admin`,
    actions: [
      { fields: { intent: "invite", email: "ny@gavle.se", role: "member" }, echo: ["email"] },
      { fields: { intent: "role", userId: "1", role: "member" } },
      { fields: { intent: "remove", userId: "1" } },
      { fields: { intent: "revoke", invitationId: "1" } },
    ],
  },
  "orgs._index.tsx": { path: () => "/orgs" },
  "reset.tsx": { path: () => "/reset", actions: [{ fields: { email: "nobody@fuzz.example" }, echo: ["email"] }] },
  "reset_.$token.tsx": { path: () => "/reset/fuzz-token", actions: [{ fields: { password: "y".repeat(12) } }] },
  "search.tsx": {
    path: () => "/search", params: ["q", "typ", "tag", "org", "area", "status", "answered", "from", "to", "sort", "page"],
    actions: [{ fields: { name: "Fuzzsökning", query: "q=fuzz", alert: "inapp" }, echo: ["name"] }],
  },
  "search_.saved.tsx": {
    path: () => "/search/saved", params: ["delete", "saved"],
    actions: [
      { fields: { intent: "rename", id: "1", name: "Nytt namn" } },
      { fields: { intent: "alert", id: "1", alert: "digest" } },
      { fields: { intent: "delete", id: "1", confirm: "1" } },
    ],
  },
  "search_.suggest.ts": { path: () => "/search/suggest", params: ["q"] },
  "search_.similar.ts": { path: () => "/search/similar", params: ["q", "exclude"] },
  "settings.tsx": {
    path: () => "/settings",
    actions: [
      { fields: { intent: "profile", name: "Peter Nyström", title: "Upphandlare", username: "peter.nystrom", locale: "sv", primaryOrgId: "" }, echo: ["name", "title"] },
      { fields: { intent: "password", currentPassword: "fel-lösenord", newPassword: "z".repeat(12) } },
      { fields: { intent: "endSession", sessionId: "nope" } },
    ],
  },
  "signup.tsx": { path: () => "/signup", actions: [{ fields: { email: "ny@fuzz.example", name: "Ny Person", password: "w".repeat(12) }, echo: ["email", "name"] }] },
  "signup_.confirm.tsx": { path: () => "/signup/confirm", params: ["token"], actions: [{ fields: { token: "fuzz-token" } }] },
  "t.$threadId.tsx": {
    path: (f) => `/t/${f.thread}`,
    actions: [
      { fields: { intent: "reply", body: "Ett svar på tråden" }, echo: ["body"] },
      { fields: { intent: "editThread", title: "En ny titel", body: "Ny text", reason: "" }, echo: ["title", "body"] },
      { fields: { intent: "editPost", postId: "1", body: "Ny text", reason: "" } },
      { fields: { intent: "deletePost", postId: "1" } },
      { fields: { intent: "accept", postId: "1" } },
      { fields: { intent: "vote", postId: "1", on: "1" } },
      { fields: { intent: "haveToo", on: "1" } },
      { fields: { intent: "watch", on: "0" } },
    ],
  },
  "tags.$slug.tsx": {
    path: (f) => `/tags/${f.tag}`, params: ["after"],
    actions: [
      { fields: { intent: "update", nameSv: "Etikett", nameEn: "Tag", description: "Beskrivning", synonyms: "" } },
      { fields: { intent: "merge", into: "annan" } },
    ],
  },
  "tags.suggest[.]json.ts": { path: () => "/tags/suggest.json", params: ["q"] },
  "tags._index.tsx": { path: () => "/tags", actions: [{ fields: { slug: "fuzz-tag", nameSv: "Fuzz", nameEn: "Fuzz", description: "", area: "", synonyms: "" } }] },
  "threads._index.tsx": { path: () => "/threads", params: ["tag", "org", "kind", "status", "after"] },
  "threads.new.tsx": {
    path: () => "/threads/new",
    actions: [{ fields: { kind: "question", title: "En fråga om fuzz", body: "Brödtext", tags: "", audience: "network", orgId: "", sharedOrgIds: "" }, echo: ["title", "body"] }],
  },
  "tillganglighet.tsx": {
    path: () => "/tillganglighet", params: ["sida", "rapport"],
    actions: [{ fields: { description: "Knappen saknar namn", page: "/threads", name: "Fuzz Fuzzsson", email: "" }, echo: ["description"] }],
  },
  "unsubscribe.tsx": { path: () => "/unsubscribe", params: ["t"], actions: [{ fields: { "List-Unsubscribe": "One-Click" } }] },
  "u.$handle.tsx": { path: (f) => `/u/${f.handle}` },
};

// A small deterministic generator (mulberry32).
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}

const NASTY = ["\u0000", "a\u0000b", "\u0001\u0002\u001f", "\u007f", "\uFEFF", "\uD800", "\u202E", "%00", "%ZZ", "%E0%A4%A", "'; DROP TABLE users; --", "<script>x</script>", "../../etc/passwd", "\r\n\r\n", "🙂".repeat(50)];
const PROTO_KEYS = ["__proto__", "constructor", "prototype", "__proto__[polluted]", "constructor[prototype][polluted]"];
const enc = (s: string) => {
  try {
    return encodeURIComponent(s).replace(/%20/g, "+");
  } catch {
    return "%ED%A0%80"; // a lone surrogate, as the bytes a careless client would send
  }
};
const bodyOf = (pairs: [string, string][]) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");

type Req = { method: string; path: string; headers: Record<string, string>; body?: Buffer | string; echo?: string; kind: string };

function makeRequest(r: ReturnType<typeof rng>, fx: Fixture, n: number): Req {
  const files = Object.keys(ROUTES);
  const actionFiles = files.filter((f) => ROUTES[f].actions?.length);
  const marker = `fz${n.toString(36)}q`;
  // Two thirds of the requests go to actions, the rest to loaders and paths.
  if (r.next() < 0.67) {
    const file = r.pick(actionFiles);
    const spec = ROUTES[file];
    const action = r.pick(spec.actions!);
    const pairs: [string, string][] = Object.entries(action.fields);
    const textKeys = action.echo ?? [];
    let echo: string | undefined;
    const putMarker = (extra = "") => {
      if (!textKeys.length) return;
      const key = r.pick(textKeys);
      const i = pairs.findIndex(([k]) => k === key);
      pairs[i] = [key, `${marker}${extra}`];
      echo = marker;
    };
    const kind = r.pick(["nul", "control", "json", "text", "none", "multipart-broken", "multipart-ok", "empty", "proto", "dup", "oversize", "badutf8", "badpercent", "oversize", "nul"] as const);
    const huge = r.next() < Number(process.env.FUZZ_HUGE ?? 0.01);
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    let body: Buffer | string;
    switch (kind) {
      case "nul":
      case "control": {
        putMarker(kind === "nul" ? "\u0000tail" : "\u0001\u0007\u001b\u007f");
        const k = r.int(pairs.length + 1);
        if (k < pairs.length) pairs[k] = [pairs[k][0], (pairs[k][1] || "x") + r.pick(NASTY)];
        body = bodyOf(pairs);
        break;
      }
      case "json":
        putMarker();
        headers["Content-Type"] = r.pick(["application/json", "application/json; charset=utf-8"]);
        body = r.next() < 0.8 ? JSON.stringify(Object.fromEntries(pairs)) : `{"broken": ${marker}`;
        break;
      case "text":
        putMarker();
        headers["Content-Type"] = "text/plain";
        body = pairs.map(([k, v]) => `${k}=${v}`).join("\r\n");
        break;
      case "none":
        putMarker();
        delete headers["Content-Type"];
        body = bodyOf(pairs);
        break;
      case "multipart-broken": {
        putMarker();
        const b = "----FuzzBoundary" + n;
        headers["Content-Type"] = r.pick([`multipart/form-data; boundary=${b}`, "multipart/form-data", `multipart/form-data; boundary=other`]);
        const parts = pairs.map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("");
        body = r.next() < 0.5 ? parts : parts.slice(0, Math.max(1, r.int(parts.length)));
        break;
      }
      case "multipart-ok": {
        putMarker(r.pick(["", "\u0000"]));
        const b = "----FuzzBoundary" + n;
        headers["Content-Type"] = `multipart/form-data; boundary=${b}`;
        body = pairs.map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${b}--\r\n`;
        break;
      }
      case "empty":
        body = "";
        if (r.next() < 0.5) delete headers["Content-Type"];
        break;
      case "proto":
        putMarker();
        pairs.push([r.pick(PROTO_KEYS), r.pick(["1", "polluted", marker])]);
        if (r.next() < 0.5) pairs.unshift([r.pick(PROTO_KEYS), "x"]);
        body = bodyOf(pairs);
        break;
      case "dup": {
        putMarker();
        const k = pairs.length ? r.pick(pairs)[0] : "intent";
        pairs.push([k, r.pick(["", "annat", "1", marker + "2"])]);
        body = bodyOf(pairs);
        break;
      }
      case "oversize":
        putMarker("x".repeat(r.pick([300, 5_000, 60_000, 120_000])));
        body = bodyOf(pairs);
        break;
      case "badutf8": {
        putMarker();
        const raw = bodyOf(pairs);
        body = Buffer.concat([Buffer.from(raw), Buffer.from("&"), Buffer.from(r.pick(["body", "title", "name", "email", "intent"])), Buffer.from("="), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80])]);
        if (r.next() < 0.5) body = Buffer.from(raw + "&x=%C3%28%FF%ED%A0%80");
        break;
      }
      case "badpercent":
        putMarker();
        body = bodyOf(pairs) + r.pick(["&body=%", "&title=%Z", "&%=%%", "&name=%E0%A4%A", "&=&&=="]);
        break;
    }
    // Now and then a body over the size limit.
    if (huge) body = Buffer.concat([Buffer.from(body), Buffer.from("&filler=" + "y".repeat(2_500_000))]);
    // Only what was sent can come back (a cut-off multipart body may have lost the marker).
    if (echo && !String(body).includes(echo)) echo = undefined;
    return { method: "POST", path: spec.path(fx), headers, body, echo: huge ? undefined : echo, kind: `action:${huge ? "huge" : kind}` };
  }
  const file = r.pick(files);
  const spec = ROUTES[file];
  const base = spec.path(fx);
  if (r.next() < 0.2) {
    // A malformed path: broken percent-encoding or a NUL inside a segment.
    const bad = r.pick(["%", "%Z", "%ZZ", "%E0%A4%A", "%C3%28", "%00", "%FF", "%ED%A0%80", "%%"]);
    const p = r.next() < 0.5 ? `${base}${base.endsWith("/") ? "" : "/"}${bad}` : base.replace(/\/([^/]*)$/, `/$1${bad}`);
    return { method: "GET", path: p || `/${bad}`, headers: {}, kind: "path" };
  }
  const names = [...(spec.params ?? []), "redirectTo", "q"];
  const query: string[] = [];
  const count = 1 + r.int(4);
  for (let i = 0; i < count; i++) {
    const k = r.next() < 0.1 ? r.pick(PROTO_KEYS) : r.pick(names);
    const v = r.pick([...NASTY.map(enc), "%", "%ZZ", "%C3%28", "%FF%FE", "x".repeat(r.pick([10, 2_000, 6_000])), "//evil.example", "-1", "99999999999999999999", "1e400", "", "%00%00"]);
    query.push(`${enc(k)}${r.next() < 0.1 ? "[]" : ""}=${v}`);
    if (r.next() < 0.2) query.push(`${enc(k)}=${v}`);
  }
  return { method: "GET", path: `${base}?${query.join("&")}`, headers: {}, kind: "query" };
}

// node:http with a keep-alive agent: the bytes go out exactly as built, connections are reused
// as a browser would, and a stalled connection shows as a timeout on the request behind it.
const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
const history = new WeakMap<object, string[]>();
function send(url: string, req: Req, cookie: string | null): Promise<{ status: number; text: string }> {
  const headers: Record<string, string | number> = { ...req.headers, Origin: new URL(url).origin, "Accept-Language": "sv" };
  if (cookie) headers.Cookie = cookie;
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  if (body) headers["Content-Length"] = body.length;
  return new Promise((resolve, reject) => {
    const r = http.request(url + req.path, { method: req.method, headers, agent, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    r.on("socket", (sock) => {
      const seen = history.get(sock) ?? [];
      seen.push(`${req.kind} ${req.method} ${req.path.slice(0, 80)}`);
      history.set(sock, seen.slice(-3));
      r.on("timeout", () => r.destroy(new Error(`timed out; this connection carried: ${seen.slice(-3).join(" | ")}`)));
    });
    r.on("error", reject);
    r.end(body);
  });
}

describe("fuzzing every form and parameter", () => {
  let srv: Awaited<ReturnType<typeof privateAppServer>>;
  let fx: Fixture;
  let member: string;

  beforeAll(async () => {
    srv = await privateAppServer();
    const db = srv.db;
    const thread = await db.selectFrom("threads").select(["id"]).where("visibility", "=", "network").where("deleted_at", "is", null).orderBy("id").executeTakeFirstOrThrow();
    const post = await db.selectFrom("posts").select("id").where("thread_id", "=", thread.id).orderBy("id").executeTakeFirstOrThrow();
    const kase = await db.selectFrom("cases").select("id").orderBy("id").executeTakeFirstOrThrow();
    const tag = await db.selectFrom("tags").select("slug").orderBy("id").executeTakeFirstOrThrow();
    const user = await db.selectFrom("users").select(["id", "handle"]).where("handle", "=", "peter.nystrom").executeTakeFirstOrThrow();
    fx = { thread: String(thread.id), postId: String(post.id), caseId: String(kase.id), tag: tag.slug, org: "gavle", handle: user.handle, userId: String(user.id) };
    const res = await fetch(srv.url + "/login", {
      method: "POST", redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
      body: new URLSearchParams({ email: "peter.nystrom@gavle.se", password: "allmanning-demo" }),
    });
    member = (res.headers.get("set-cookie") ?? "").split(";")[0];
    expect(member).toContain("=");
  }, 120_000);

  afterAll(async () => {
    await srv?.stop();
  });

  it("has an entry for every route file", () => {
    const files = readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f)).sort();
    expect(Object.keys(ROUTES).sort()).toEqual(files);
  });

  it(`answers ${REQUESTS} malformed requests without a 5xx, keeping typed values on a 400`, async () => {
    const r = rng(SEED);
    const reqs = Array.from({ length: REQUESTS }, (_, n) => ({ req: makeRequest(r, fx, n), asMember: r.next() < 0.5 }));
    const fivexx: string[] = [];
    const lost: string[] = [];
    const byStatus = new Map<number, number>();
    const slow = new Map<string, number>();
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < reqs.length) {
        const { req, asMember } = reqs[next++];
        const file = Object.keys(ROUTES).find((f) => ROUTES[f].path(fx) === req.path.split("?")[0]);
        const cookie = asMember && !(file && ROUTES[file].memberUnsafe) ? member : null;
        const t0 = Date.now();
        const { status, text } = await send(srv.url, req, cookie).catch((e: Error) => ({ status: 599, text: String(e.cause ?? e) }));
        const slot = `${req.kind} ${file ?? "?"}`;
        slow.set(slot, (slow.get(slot) ?? 0) + Date.now() - t0);
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        const label = `${status === 599 ? text + " " : ""}${req.kind} ${req.method} ${req.path.slice(0, 120)} ${cookie ? "member" : "anon"} → ${status}`;
        if (status >= 500) fivexx.push(label);
        if (status === 599 && process.env.FUZZ_DUMP) (await import("node:fs")).appendFileSync(process.env.FUZZ_DUMP, JSON.stringify({ ...req, body: req.body ? Buffer.from(req.body).toString("base64") : null, cookie: Boolean(cookie) }) + "\n");
        else if (status === 400 && req.echo && !text.includes(req.echo)) lost.push(`${label} ${String(req.body).slice(0, 160)}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: ${REQUESTS} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}; 5xx ${fivexx.length}; 400 without typed value ${lost.length}`);
    console.log([...slow].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k}: ${v} ms`).join("\n"));
    if (fivexx.length) console.log(fivexx.slice(0, process.env.FUZZ_VERBOSE ? undefined : 40).join("\n") + "\n" + srv.log().slice(-3000));
    if (lost.length) console.log(lost.slice(0, 40).join("\n"));
    expect(fivexx).toEqual([]);
    expect(lost).toEqual([]);
    // The signed-in half really ran signed in.
    const settings = await fetch(srv.url + "/settings", { headers: { Cookie: member }, redirect: "manual" });
    expect(settings.status).toBe(200);
  }, 400_000);
});
