import { DEFAULT_LOCALE, isLocale, type Locale } from "./resources";

export const LANG_COOKIE = "allm_lang";

/** The user's setting, then the language cookie (the switch), then Accept-Language, then Swedish. */
export function negotiateLocale(opts: {
  userLocale?: string | null;
  cookieHeader?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(opts.userLocale)) return opts.userLocale;
  const cookie = readCookie(opts.cookieHeader ?? "", LANG_COOKIE);
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage(opts.acceptLanguage ?? "") ?? DEFAULT_LOCALE;
}

export function fromAcceptLanguage(header: string): Locale | null {
  const ranked = header
    .split(",")
    .map((part) => {
      const [range, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { lang: range.trim().toLowerCase().split("-")[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.lang && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    if (lang === "sv" || lang === "en") return lang;
    if (lang === "nb" || lang === "no" || lang === "nn" || lang === "da") return "sv";
  }
  return null;
}

export function readCookie(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}
