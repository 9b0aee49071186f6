import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../app/lib/markdown.server";
import { loadCorpus } from "../support/xss";

// The public XSS payload list (payloadbox/xss-payload-list) lives outside the repository, in
// ../shared/data/xss next to it (or XSS_CORPUS). A missing corpus fails this file, never skips it.
const payloads = loadCorpus();

const TAGS = new Set(["p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub"]);
const ATTRS = new Set(["href", "rel", "src", "alt", "title", "start", "align", "class"]);

const decodeOnce = (v: string) =>
  v.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|lt|gt|apos);/gi, (_m, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
    : ({ amp: "&", quot: '"', lt: "<", gt: ">", apos: "'" } as Record<string, string>)[e.toLowerCase()]);

/** Every real tag in the output (escaped text has no `<`), checked against the allowlist. */
function problems(html: string): string[] {
  const out: string[] = [];
  if (/<(?![a-z/])/i.test(html.replace(/<\/?[a-z][a-z0-9]*\b[^>]*>/gi, ""))) out.push("stray <");
  for (const m of html.matchAll(/<\/?([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    const [tag, name, rest] = m;
    if (!TAGS.has(name.toLowerCase())) out.push(`tag ${tag}`);
    for (const a of rest.matchAll(/([^\s=/"']+)\s*(?:=\s*"([^"]*)")?/g)) {
      const attr = a[1].toLowerCase();
      // What the browser would see: entities decoded once, tabs/newlines/controls dropped.
      const value = decodeOnce(a[2] ?? "").replace(/[\u0000-\u0020]/g, "");
      if (!ATTRS.has(attr)) out.push(`attribute ${attr} in ${tag}`);
      if (attr === "href" && (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^(https?|mailto):/i.test(value))) out.push(`href ${value}`);
      if (attr === "href" && /^[\\/]{2}/.test(value)) out.push(`href ${value}`);
      if (attr === "src" && !/^\/(?![/\\])/.test(value)) out.push(`remote src ${value}`);
      if (attr === "class" && !/^language-[\w-]+$/.test(value)) out.push(`class ${value}`);
    }
  }
  return out;
}

describe("stored XSS corpus through renderMarkdown", () => {
  it("has a few hundred payloads", () => {
    expect(payloads.length).toBeGreaterThan(300);
  });

  it("the checker catches script-capable markup", () => {
    expect(problems('<img src="x" onerror="alert(1)">')).not.toEqual([]);
    expect(problems('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(problems("<script>alert(1)</script>")).not.toEqual([]);
    expect(problems('<p><a href="https://a.se" rel="nofollow ugc noopener">a</a></p>')).toEqual([]);
  });

  it("renders no script-capable or remote-loading markup for any payload, alone or inside Markdown", () => {
    const failures: string[] = [];
    for (const p of payloads) {
      for (const source of [p, `[klicka](${p})`, `![bild](${p})`, `> **${p}**`]) {
        const html = renderMarkdown(source);
        const bad = problems(html);
        if (bad.length) failures.push(`${source}\n  → ${html}\n  ${bad.join("; ")}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

