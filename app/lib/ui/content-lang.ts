import { useTranslation } from "react-i18next";

/**
 * The lang attribute for a block of user content (WCAG 3.1.2): forum threads and replies are
 * written in Swedish unless they say otherwise, so in the English interface their title and
 * body carry lang="sv"; in an interface of the same language no attribute is needed.
 */
export function useContentLang(language: string = "sv"): string | undefined {
  const { i18n } = useTranslation();
  return i18n.language !== language ? language : undefined;
}
