import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The header's search box: a plain GET form to /search (works without JavaScript); with
 * JavaScript it offers completions while typing, from /search/suggest, which only draws on
 * documents the viewer may read.
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ suggestions: string[] }>({ key: "header-search-suggest" });
  const [value, setValue] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = (v: string) => {
    setValue(v);
    clearTimeout(timer.current);
    if (v.trim().length < 2) return;
    timer.current = setTimeout(() => fetcher.load(`/search/suggest?q=${encodeURIComponent(v)}`), 150);
  };
  const options = fetcher.data?.suggestions ?? [];
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
