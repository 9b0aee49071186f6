import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, NAMESPACES, resources, type Locale } from "./resources";

/** A new i18next instance (one per page on the client). Synchronous. */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    resources,
    ns: NAMESPACES,
    defaultNS: "common",
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  memoizeT(instance);
  fastFixedT(instance);
  return instance;
}

const shared = new Map<Locale, i18n>();

/**
 * The server's instance for a locale, made once and shared by every request: the catalogues are
 * static and nothing on the server changes an instance's language (only the client does).
 */
export function i18nFor(locale: Locale): i18n {
  let instance = shared.get(locale);
  if (!instance) shared.set(locale, (instance = createI18n(locale)));
  return instance;
}

const MEMO_LIMIT = 10_000;

type Translate = (...args: unknown[]) => unknown;

/**
 * Remembers finished translations. A page repeats the same labels many times (a 100-reply thread
 * asks for "Svar 17" and "Flagga" per reply), and i18next's lookup, fallback and interpolation
 * were a fifth of the server's time on such a page. Keyed on language, key and options; the
 * catalogues never change while the process runs. Cleared when it grows past its limit. Calls
 * of other shapes (several arguments, non-object options) go straight through.
 */
function memoized(translate: Translate, language: () => string): Translate {
  const memo = new Map<string, unknown>();
  return (...args: unknown[]) => {
    const [key, opts] = args;
    if (args.length > 2 || typeof key !== "string" || (opts !== undefined && (opts === null || typeof opts !== "object"))) return translate(...args);
    let id: string;
    try {
      id = `${language()}\u0000${key}\u0000${opts === undefined ? "" : JSON.stringify(opts)}`;
    } catch {
      return translate(...args);
    }
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const value = translate(...args);
    if (typeof value === "string") {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(id, value);
    }
    return value;
  };
}

function memoizeT(instance: i18n) {
  const translate = instance.t.bind(instance) as unknown as Translate;
  instance.t = memoized(translate, () => instance.language) as unknown as i18n["t"];
}

/**
 * react-i18next asks for a "fixed" t per component render; i18next's own copies the options and
 * rebuilds the key on every call before reaching the memo above. For the common case (no
 * language or key prefix of its own) hand out one memoizing function per namespace instead.
 */
function fastFixedT(instance: i18n) {
  const original = instance.getFixedT.bind(instance) as unknown as (...args: unknown[]) => Translate & Record<string, unknown>;
  const perNs = new Map<string, Translate>();
  instance.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown) => {
    if (lng != null || keyPrefix != null || (ns != null && typeof ns !== "string")) return original(lng, ns, keyPrefix);
    // Per language too: after a language change react-i18next must get a new function (it
    // re-renders only when the t it holds changes).
    const nsKey = `${instance.language}\u0000${(ns as string | undefined) ?? ""}`;
    let fast = perNs.get(nsKey);
    if (!fast) {
      const slow = original(lng, ns, keyPrefix);
      fast = Object.assign(memoized(slow, () => instance.language), { lng: slow.lng, lngs: slow.lngs, ns: slow.ns, keyPrefix: slow.keyPrefix });
      perNs.set(nsKey, fast);
    }
    return fast;
  }) as unknown as i18n["getFixedT"];
}
