import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateAppServer } from "../support/app-server";

// Issue 19 item 9 and the percent-encoding bullet of item 12, over HTTP against the production
// server (its own seeded database: these requests write). Each case answered 500 before.
let srv: Awaited<ReturnType<typeof privateAppServer>>;
let member: string;
let threadPath: string;
let threadId: string;
let thread: Record<string, string>; // the other fields of a valid new thread

async function send(path: string, init: { method?: string; type?: string; body?: string | Uint8Array; cookie?: string | null; lang?: string } = {}) {
  const headers: Record<string, string> = { Origin: srv.url, "Accept-Language": init.lang ?? "sv" };
  if (init.type) headers["Content-Type"] = init.type;
  if (init.cookie !== null) headers.Cookie = init.cookie ?? member;
  const res = await fetch(srv.url + path, { method: init.method ?? (init.body === undefined ? "GET" : "POST"), headers, body: init.body as BodyInit | undefined, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const SV_UNREADABLE = "Formuläret kom inte fram som ett formulär";
const EN_UNREADABLE = "The form did not arrive as a form";

beforeAll(async () => {
  srv = await privateAppServer();
  const login = await fetch(srv.url + "/login", {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
    body: form({ email: "peter.nystrom@gavle.se", password: "allmanning-demo" }),
  });
  member = (login.headers.get("set-cookie") ?? "").split(";")[0];
  const t = await srv.db.selectFrom("threads").select(["id", "slug"]).where("visibility", "=", "network").where("deleted_at", "is", null).orderBy("id").executeTakeFirstOrThrow();
  threadId = String(t.id);
  threadPath = `/t/${t.id}-${t.slug}`;
  const org = await srv.db.selectFrom("organisations").select("id").where("slug", "=", "gavle").executeTakeFirstOrThrow();
  const tag = await srv.db.selectFrom("tags").select("slug").orderBy("id").executeTakeFirstOrThrow();
  thread = { tags: tag.slug, orgId: String(org.id), audience: "network" };
}, 120_000);
afterAll(() => srv?.stop());

describe("a form post whose body is not a form", () => {
  const fields = { kind: "question", title: "Hur gör ni med JSON-formulär?", body: "Skrivet men skickat fel", audience: "network" };
  it.each([
    ["JSON", "application/json", JSON.stringify(fields)],
    ["text/plain", "text/plain", Object.entries(fields).map(([k, v]) => `${k}=${v}`).join("\r\n")],
    ["no content type", undefined, form(fields)],
    ["broken multipart", "multipart/form-data; boundary=xyz", Object.entries(fields).map(([k, v]) => `--xyz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + "--xy"],
    ["multipart without a boundary", "multipart/form-data", `--b\r\nContent-Disposition: form-data; name="title"\r\n\r\n${fields.title}\r\n--b--\r\n`],
  ])("%s: 400, a Swedish message and the typed title kept, nothing saved", async (_name, type, body) => {
    const before = await srv.db.selectFrom("threads").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const r = await send("/threads/new", { type, body: new TextEncoder().encode(body) });
    expect(r.status).toBe(400);
    expect(r.html).toContain(SV_UNREADABLE);
    expect(r.html).toContain(`value="${fields.title}"`);
    const after = await srv.db.selectFrom("threads").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("answers in English for an English reader, the reply text kept", async () => {
    const r = await send(threadPath, { type: "application/json", body: JSON.stringify({ intent: "reply", body: "My reply typed here" }), lang: "en" });
    expect(r.status).toBe(400);
    expect(r.html).toContain(EN_UNREADABLE);
    expect(r.html).toContain("My reply typed here");
  });

  it("an empty body with no content type is an empty form, not a 500", async () => {
    const r = await send("/login", { body: new Uint8Array(), cookie: null });
    expect(r.status).toBe(400);
    expect(r.html).toContain("Fyll i fältet");
  });

  it("an oversized body gets a 413 with a message", async () => {
    const r = await send(threadPath, { type: "application/x-www-form-urlencoded", body: form({ intent: "reply", body: "x".repeat(2_200_000) }) });
    expect(r.status).toBe(413);
    expect(r.html).toContain("Formuläret är för stort");
  });
});

describe("NUL and other control characters in text fields", () => {
  it("are stripped at the boundary: a new thread with NULs is saved without them", async () => {
    const title = "Noll\u0000tecken i \u0001titeln";
    const r = await send("/threads/new", { type: "application/x-www-form-urlencoded", body: form({ ...thread, kind: "discussion", title, body: "Brödtext\u0000 med NUL" }) });
    expect(r.status).toBe(303);
    const saved = await srv.db.selectFrom("threads").select("title").where("title", "like", "Noll%").executeTakeFirstOrThrow();
    expect(saved.title).toBe("Nolltecken i titeln");
  });

  it("in a reply, saved without the NUL", async () => {
    const r = await send(threadPath, { type: "application/x-www-form-urlencoded", body: form({ intent: "reply", body: "Svar med\u0000 noll" }) });
    expect(r.status).toBe(303);
    const post = await srv.db.selectFrom("posts").select("body_md").where("thread_id", "=", threadId).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(post.body_md).toBe("Svar med noll");
  });

  it("in a field that fails validation: 400 with the typed value, without the NUL", async () => {
    const r = await send("/signup", { type: "application/x-www-form-urlencoded", body: form({ email: "inte-en\u0000-adress", name: "Namn\u0000", password: "kort" }), cookie: null });
    expect(r.status).toBe(400);
    expect(r.html).toContain('value="inte-en-adress"');
  });

  it.each(["/search?q=a%00b", "/threads?tag=%00&org=%00", "/login?redirectTo=%2F%00", "/cases?q=%00&org=%00", "/tags/x?after=%00", "/admin/people?q=%00", "/search/suggest?q=%00abc"])(
    "in a query parameter (%s): no 500",
    async (path) => {
      const r = await send(path);
      expect(r.status).toBeLessThan(500);
    },
  );
});

describe("prototype keys as form fields", () => {
  it.each(["__proto__", "constructor", "prototype"])("%s is ignored; the form works", async (key) => {
    const r = await send("/threads/new", { type: "application/x-www-form-urlencoded", body: `${key}=1&${key}[polluted]=1&` + form({ ...thread, kind: "discussion", title: `Nyckel ${key} i formuläret`, body: "Text" }) });
    expect(r.status).toBe(303);
  });

  it("__proto__ in a form that fails validation: 400 with the typed values", async () => {
    const r = await send("/signup", { type: "application/x-www-form-urlencoded", body: "__proto__=x&" + form({ email: "fel", name: "Kvar efter fel" }), cookie: null });
    expect(r.status).toBe(400);
    expect(r.html).toContain('value="Kvar efter fel"');
  });
});

describe("malformed percent-encoding in paths", () => {
  it.each(["/t/%E0%A4%A", "/tags/%ZZ", "/u/%", "/orgs/%C3%28", "/t/1%00", "/cases/%ED%A0%80", "/build/%ZZ"])("%s is the normal 404 page", async (path) => {
    const r = await send(path, { cookie: null });
    expect(r.status).toBe(404);
    expect(r.html).toContain("Sidan finns inte");
  });
});

describe("redirect targets", () => {
  it("a redirectTo with a tab (which a browser drops, making it //host) goes home instead", async () => {
    const r = await send("/lang", { type: "application/x-www-form-urlencoded", body: form({ lang: "en", redirectTo: "/\t/evil.example" }), cookie: null });
    expect(r.status).toBe(302);
    expect(r.location).toBe("/");
  });
  it("a non-ASCII redirectTo is percent-encoded in Location instead of a 500", async () => {
    const r = await send("/lang", { type: "application/x-www-form-urlencoded", body: form({ lang: "sv", redirectTo: "/search?q=🙂" }), cookie: null });
    expect(r.status).toBe(302);
    expect(r.location).toBe("/search?q=%F0%9F%99%82");
  });
});
