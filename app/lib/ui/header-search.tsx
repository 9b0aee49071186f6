import { useTranslation } from "react-i18next";
import { useSuggestions } from "../../search/components/use-suggestions";

/**
 * The header's search box: a plain GET form to /search (works without JavaScript); with
 * JavaScript it offers completions while typing, from /search/suggest, which only draws on
 * documents the viewer may read.
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const { value, onInput, options } = useSuggestions("", "header-search-suggest");
  return (
    <form method="get" action="/search" role="search" className="header-search">
      <label htmlFor="site-search" className="visually-hidden">{t("searchBox.label")}</label>
      <input
        id="site-search" type="search" name="q" value={value} onChange={(e) => onInput(e.target.value)}
        placeholder={t("searchBox.placeholder")} autoComplete="off" list="site-search-suggestions" maxLength={10000}
      />
      <datalist id="site-search-suggestions">
        {options.map((o) => <option key={o} value={o} />)}
      </datalist>
      <button type="submit">{t("searchBox.submit")}</button>
    </form>
  );
}
