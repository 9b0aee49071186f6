import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * Bump when the output of renderMarkdown changes (rules, allowlist): stored HTML with an older
 * version is re-rendered from the stored Markdown when it is next read.
 */
export const RENDERER_VERSION = 1;

const LINK_REL = "nofollow ugc noopener";

// Raw HTML is off: what people type is shown as text. Links are made from bare URLs.
const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false });

/** Only same-site paths may load as images: anything else would tell an outside server who reads. */
export function isLocalPath(src: string): boolean {
  return /^\/(?![/\\])/.test(src) && !/[\u0000-\u001f\\]/.test(src);
}

// Remote images become plain links to the image, labelled with the alt text.
md.renderer.rules.image = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  const src = token.attrGet("src") ?? "";
  const alt = self.renderInlineAsText(token.children ?? [], options, _env);
  if (isLocalPath(src)) {
    return `<img src="${md.utils.escapeHtml(src)}" alt="${md.utils.escapeHtml(alt)}">`;
  }
  const label = alt || src;
  return `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(label)}</a>`;
};

// Headings in a post sit below the page's own h1/h2.
const shiftHeading = (to: string) => (_tag: string, attribs: sanitizeHtml.Attributes) => ({ tagName: to, attribs });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "img", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
  ],
  allowedAttributes: {
    a: ["href", "rel"],
    img: ["src", "alt", "title"],
    ol: ["start"],
    th: ["align"],
    td: ["align"],
    code: ["class"],
  },
  allowedClasses: { code: ["language-*"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  transformTags: {
    h1: shiftHeading("h3"),
    h2: shiftHeading("h4"),
    h3: shiftHeading("h5"),
    h4: shiftHeading("h6"),
    h5: shiftHeading("h6"),
    a: (_tag, attribs) => ({ tagName: "a", attribs: { ...attribs, rel: LINK_REL } }),
  },
  exclusiveFilter: (frame) => frame.tag === "img" && !isLocalPath(frame.attribs.src ?? ""),
};

/** Markdown → safe HTML: no raw HTML, no scripts, no remote loads, links marked as user content. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source ?? ""), SANITIZE);
}
