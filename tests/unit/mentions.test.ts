import { describe, expect, it } from "vitest";
import { linkMentions, mentionHandles } from "../../app/notifications/mentions.server";
import { renderMarkdown } from "../../app/lib/markdown.server";

describe("@mentions", () => {
  it("finds handles in text, not in code, e-mail addresses or paths", () => {
    expect(mentionHandles("Hej @peter.nystrom och @Eva-S! Se `@kod` och\n```\n@block\n```\nmejla a@b.se, /x/@y")).toEqual(["peter.nystrom", "eva-s"]);
  });

  it("links known handles in rendered HTML, leaves unknown ones, code and links as they were", () => {
    const html = renderMarkdown("Fråga @peter.nystrom eller @okand. `@peter.nystrom` [@peter.nystrom](https://x.se)");
    const out = linkMentions(html, new Set(["peter.nystrom"]));
    expect(out).toContain('<a href="/u/peter.nystrom" class="mention">@peter.nystrom</a> eller @okand.');
    expect(out).toContain("<code>@peter.nystrom</code>");
    expect(out.match(/class="mention"/g)).toHaveLength(1);
  });

  it("never turns markup into a mention (text is already escaped by the renderer)", () => {
    const html = renderMarkdown('@peter.nystrom"><script>alert(1)</script>');
    const out = linkMentions(html, new Set(["peter.nystrom"]));
    expect(out).not.toContain("<script>");
    expect(out).toContain('<a href="/u/peter.nystrom" class="mention">@peter.nystrom</a>"&gt;&lt;script&gt;');
  });
});
