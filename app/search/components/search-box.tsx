import { useTranslation } from "react-i18next";
import { useSuggestions } from "./use-suggestions";

/** The query field. With JavaScript it offers completions (a native datalist) while typing. */
export function SearchBox({ defaultValue, busy }: { defaultValue: string; busy: boolean }) {
  const { t } = useTranslation();
  const { value, onInput, options } = useSuggestions(defaultValue);
  return (
    <div className="field search-box">
      <label htmlFor="search-q">{t("search:label")}</label>
      <p id="search-q-hint" className="hint">{t("search:hint")}</p>
      <div className="search-row">
        <input
          id="search-q" type="search" name="q" value={value} onChange={(e) => onInput(e.target.value)}
          aria-describedby="search-q-hint" list="search-suggestions" autoComplete="off" maxLength={10000}
        />
        <button type="submit" aria-disabled={busy || undefined}>{busy ? t("search:searching") : t("search:submit")}</button>
      </div>
      <datalist id="search-suggestions" aria-label={t("search:suggestions")}>
        {options.map((o) => <option key={o} value={o} />)}
      </datalist>
    </div>
  );
}
