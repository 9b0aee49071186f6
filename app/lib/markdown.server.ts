import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { ATTACHMENT_REF, attachmentImagesWithoutAlt } from "./markdown-refs";

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

const SRCSET_WIDTHS = [480, 960, 1600];
md.validateLink = ((orig) => (url: string) => ATTACHMENT_REF.test(url) || orig(url))(md.validateLink);
export { attachmentImagesWithoutAlt };

// Remote images become plain links to the image, labelled with the alt text. Our own uploaded
// images render inline with a srcset; the route checks the parent's read rule per request.
md.renderer.rules.image = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  const src = token.attrGet("src") ?? "";
  const alt = self.renderInlineAsText(token.children ?? [], options, _env);
  const ref = ATTACHMENT_REF.exec(src);
  if (ref) {
    const base = `/a/${ref[1]}/bild`;
    const srcset = SRCSET_WIDTHS.map((w) => `${base}?w=${w} ${w}w`).join(", ");
    return `<img src="${base}?w=960" srcset="${srcset}" sizes="(max-width: 48rem) 100vw, 48rem" alt="${md.utils.escapeHtml(alt)}" loading="lazy">`;
  }
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
    img: ["src", "alt", "title", "srcset", "sizes", "loading"],
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
