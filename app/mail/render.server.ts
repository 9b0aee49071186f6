import { i18nFor } from "../lib/i18n/i18n";
import type { Locale } from "../lib/i18n/resources";
import { unsubscribeToken } from "./token.server";
import type { MailConfig, OutgoingMail } from "./transport.server";
import type { UnsubscribeScope } from "./types";

export type MailLine = { text: string; href: string | null };
export type MailSection = { heading: string | null; lines: MailLine[] };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export const translator = (locale: Locale) => i18nFor(locale).t.bind(i18nFor(locale)) as (key: string, opts?: Record<string, unknown>) => string;

/** The https unsubscribe URL for one person and scope (its token is signed and expires). */
export function unsubscribeUrl(cfg: MailConfig, userId: string, scope: UnsubscribeScope, now: Date): string {
  return `${cfg.baseUrl}/unsubscribe?t=${encodeURIComponent(unsubscribeToken(cfg.secret, userId, scope, now))}`;
}

/**
 * One mail in the recipient's language: a plain-text and an HTML part with the same content, the
 * footer saying why it came, and RFC 8058 one-click unsubscribe headers.
 */
export function renderMail(cfg: MailConfig, o: { to: string; userId: string; locale: Locale; subject: string; intro?: string; sections: MailSection[]; why: string; scope: UnsubscribeScope; now: Date }): OutgoingMail {
  const t = translator(o.locale);
  const unsub = unsubscribeUrl(cfg, o.userId, o.scope, o.now);
  const settings = `${cfg.baseUrl}/settings/notifications#mail`;
  const abs = (href: string | null) => (href ? `${cfg.baseUrl}${href}` : null);
  const text = [
    o.intro ?? null,
    ...o.sections.map((s) => [s.heading ? `${s.heading}\n${"-".repeat(s.heading.length)}` : null, ...s.lines.map((l) => `* ${l.text}${l.href ? `\n  ${abs(l.href)}` : ""}`)].filter(Boolean).join("\n")),
    `--\n${o.why}\n${t("mail:footer.settings", { url: settings })}\n${t("mail:footer.unsubscribe", { url: unsub })}`,
  ].filter(Boolean).join("\n\n");
  const html = `<!doctype html><html lang="${o.locale}"><head><meta charset="utf-8"><title>${esc(o.subject)}</title></head><body style="font-family:sans-serif;line-height:1.5;max-width:40em">
${o.intro ? `<p>${esc(o.intro)}</p>` : ""}
${o.sections.map((s) => `${s.heading ? `<h2 style="font-size:1.1em">${esc(s.heading)}</h2>` : ""}<ul>${s.lines.map((l) => `<li>${l.href ? `<a href="${esc(abs(l.href)!)}">${esc(l.text)}</a>` : esc(l.text)}</li>`).join("")}</ul>`).join("\n")}
<hr><p style="font-size:0.9em;color:#444">${esc(o.why)}<br><a href="${esc(settings)}">${esc(t("mail:settings.title"))}</a> · <a href="${esc(unsub)}">${esc(t("mail:unsubscribe.title"))}</a></p>
</body></html>`;
  const mailto = cfg.unsubscribeMailto ? `, <mailto:${cfg.unsubscribeMailto}?subject=unsubscribe>` : "";
  return {
    to: o.to, subject: o.subject, text, html,
    headers: { "List-Unsubscribe": `<${unsub}>${mailto}`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Auto-Submitted": "auto-generated" },
  };
}
