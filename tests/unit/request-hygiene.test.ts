import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_BODY_BYTES, cleanSearchParams, cleanText, readBody } from "../../app/lib/body.server";
import { formValues, parseForm } from "../../app/lib/forms.server";
import { safeRedirect } from "../../app/lib/redirect";
import { cleanRequestTarget } from "../../app/lib/url-hygiene.server";

// Real Request objects through the one body reader every action uses.
const post = (body: BodyInit | null, type?: string) =>
  new Request("http://app.test/x", { method: "POST", body, headers: type ? { "content-type": type } : {} });

describe("readBody", () => {
  it("reads an urlencoded form and strips NUL and other C0 controls but tab, LF and CR", async () => {
    const r = await readBody(post("title=a%00b%01c%1Fd&body=line1%0D%0A%09line2%7F", "application/x-www-form-urlencoded"));
    expect(r.ok).toBe(true);
    expect(r.form.get("title")).toBe("abcd");
    expect(r.form.get("body")).toBe("line1\r\n\tline2\u007f");
  });

  it("reads multipart and cleans it the same way", async () => {
    const fd = new FormData();
    fd.append("title", "x\u0000y");
    const r = await readBody(new Request("http://app.test/x", { method: "POST", body: fd }));
    expect(r.ok).toBe(true);
    expect(r.form.get("title")).toBe("xy");
  });

  it("keeps a browser's mixed-case multipart boundary as sent", async () => {
    const b = "----WebKitFormBoundaryAbCdEf";
    const r = await readBody(post(`--${b}\r\nContent-Disposition: form-data; name="body"\r\n\r\nHej\r\n--${b}--\r\n`, `multipart/form-data; boundary=${b}`));
    expect(r.ok).toBe(true);
    expect(r.form.get("body")).toBe("Hej");
  });

  it("drops __proto__, constructor and prototype keys", async () => {
    const r = await readBody(post("__proto__=1&constructor=2&prototype=3&title=ok&__proto__[x]=4", "application/x-www-form-urlencoded"));
    expect(r.ok).toBe(true);
    expect([...r.form.keys()]).toEqual(["title", "__proto__[x]"]);
  });

  it.each([
    ["application/json", JSON.stringify({ title: "Min fråga", body: "Text", n: 3, nested: { a: 1 } }), { title: "Min fråga", body: "Text", n: "3" }],
    ["text/plain", "title=Min fråga\r\nbody=Text", { title: "Min fråga", body: "Text" }],
    ["", "title=Min+fr%C3%A5ga&body=Text", { title: "Min fråga", body: "Text" }],
    ["multipart/form-data; boundary=zz", '--zz\r\nContent-Disposition: form-data; name="title"\r\n\r\nMin fråga\r\n--zz\r\nContent-Disp', { title: "Min fråga" }],
    ["multipart/form-data", '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nMin fråga\r\n--b--\r\n', { title: "Min fråga" }],
  ])("refuses a %s body with a 400 and salvages the typed values", async (type, body, values) => {
    const r = await readBody(post(type ? body : new TextEncoder().encode(body), type || undefined)); // bytes: no implied content type
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(400);
    expect(r.failure.errors._form).toEqual([{ key: "form.unreadable" }]);
    expect(r.failure.values).toEqual(values);
  });

  it("never echoes passwords from a salvaged body", async () => {
    const r = await readBody(post(JSON.stringify({ email: "a@b.se", password: "hemligt" }), "application/json"));
    expect(r.ok || r.failure.values).toEqual({ email: "a@b.se" });
  });

  it("accepts a bodiless POST as an empty form", async () => {
    const r = await readBody(post(null));
    expect(r.ok).toBe(true);
    expect([...r.form.keys()]).toEqual([]);
  });

  it("answers 413 past the size limit", async () => {
    const r = await readBody(post("body=" + "x".repeat(MAX_BODY_BYTES), "application/x-www-form-urlencoded"));
    expect(r.ok ? 200 : r.status).toBe(413);
  });

  it("decodes invalid UTF-8 to replacement characters instead of failing", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("title="), 0xff, 0xc3, 0x28]);
    const r = await readBody(post(bytes, "application/x-www-form-urlencoded"));
    expect(r.ok).toBe(true);
    expect(r.form.get("title")).toBe("\uFFFD\uFFFD(");
  });
});

describe("prototype-safe form parsing", () => {
  it("keeps a __proto__ field an ordinary key and never touches Object.prototype", () => {
    const fd = new FormData();
    fd.append("__proto__", "polluted");
    fd.append("name", "x");
    const parsed = parseForm(z.object({ name: z.string() }), fd);
    expect(parsed.ok).toBe(true);
    const values = formValues(fd);
    expect(Object.keys(values)).toEqual(["__proto__", "name"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(values)).toBeNull();
  });
});

describe("URL cleaning before the router", () => {
  it.each([
    ["/t/%E0%A4%A", "/t/%EF%BF%BDA"],
    ["/tags/%ZZ", "/tags/%25ZZ"],
    ["/tags/ab%00c", "/tags/ab%EF%BF%BDc"],
    ["/u/%", "/u/%25"],
    ["/t/12-%C3%A5ngest", "/t/12-%C3%A5ngest"],
    ["/search?q=a%00b&tag=x", "/search?q=ab&tag=x"],
    ["/search?__proto__=1&q=ok", "/search?q=ok"],
    ["/threads?tag=a&tag=b", "/threads?tag=a&tag=b"],
  ])("%s → %s", (from, to) => {
    expect(cleanRequestTarget(from)).toBe(to);
    expect(() => decodeURIComponent(cleanRequestTarget(from).split("?")[0])).not.toThrow();
  });

  it("cleans query parameters for loaders", () => {
    expect([...cleanSearchParams(new URLSearchParams("q=a%00b&constructor=x&to=%01c"))]).toEqual([["q", "ab"], ["to", "c"]]);
    expect(cleanText("a\u0000\u0008\u000b\u000c\u000e\u001fb\t\n\r")).toBe("ab\t\n\r");
  });
});

describe("safeRedirect", () => {
  it("refuses control characters, which browsers drop (`/\\t/evil` is `//evil`)", () => {
    expect(safeRedirect("/\t/evil.example")).toBe("/");
    expect(safeRedirect("/\n/evil.example")).toBe("/");
    expect(safeRedirect("/a\u0000b")).toBe("/");
  });
  it("percent-encodes non-ASCII so the Location header can carry it", () => {
    expect(safeRedirect("/sök?q=å")).toBe("/s%C3%B6k?q=%C3%A5");
    expect(safeRedirect("/x\uD800")).toBe("/x%EF%BF%BD"); // a lone surrogate becomes U+FFFD, as a browser would send it
    expect(safeRedirect("/threads?tag=a")).toBe("/threads?tag=a");
  });
});
