import { i18nFor } from "../lib/i18n/i18n";
import type { Locale } from "../lib/i18n/resources";

/** "<translated title> · Allmänning", for a route's meta (computed in its loader). */
export function pageTitle(locale: Locale, key: string, params?: Record<string, string>): string {
  return `${i18nFor(locale).t(key, params)} · Allmänning`;
}
