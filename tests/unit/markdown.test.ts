import { describe, expect, it } from "vitest";
import { RENDERER_VERSION, isLocalPath, renderMarkdown } from "../../app/lib/markdown.server";

describe("renderMarkdown", () => {
  it("renders ordinary Markdown", () => {
    const html = renderMarkdown("Hej **alla**\n\n- ett\n- två\n\n`kod`");
    expect(html).toContain("<strong>alla</strong>");
    expect(html).toContain("<li>två</li>");
    expect(html).toContain("<code>kod</code>");
    expect(RENDERER_VERSION).toBeGreaterThan(0);
  });

  it("shows raw HTML as text, never as markup", () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror="alert(1)"> <iframe src="https://x.se"></iframe>');
    expect(html).not.toMatch(/<script|<img|<iframe|<[^>]*onerror/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it("marks links as user content and drops dangerous schemes", () => {
    const html = renderMarkdown("[a](https://kommun.se) [b](javascript:alert(1)) [c](data:text/html,x) [d](vbscript:x) <https://x.se>");
    expect(html).toContain('<a href="https://kommun.se" rel="nofollow ugc noopener">a</a>');
    expect(html).not.toMatch(/href="(javascript|data|vbscript):/i);
    expect(html).toContain('href="https://x.se" rel="nofollow ugc noopener"');
  });

  it("never loads a remote image: it becomes a link", () => {
    const html = renderMarkdown("![diagram](https://tracker.example/p.png) ![lokal](/bilder/a.png) ![pr](//evil.example/a.png)");
    expect(html).not.toMatch(/<img[^>]+src="(https?:)?\/\//);
    expect(html).toContain('<a href="https://tracker.example/p.png" rel="nofollow ugc noopener">diagram</a>');
    expect(html).toContain('<img src="/bilder/a.png" alt="lokal" />');
  });

  it("keeps headings below the page's own and code language classes only", () => {
    const html = renderMarkdown("# Rubrik\n\n```ts\nconst a = 1\n```");
    expect(html).toContain("<h3>Rubrik</h3>");
    expect(html).toContain('<code class="language-ts">');
  });

  it("knows a local path from a remote one", () => {
    expect(isLocalPath("/a.png")).toBe(true);
    expect(isLocalPath("//evil/a.png")).toBe(false);
    expect(isLocalPath("/\\evil/a.png")).toBe(false);
    expect(isLocalPath("https://a/b.png")).toBe(false);
    expect(isLocalPath("a.png")).toBe(false);
  });
});
