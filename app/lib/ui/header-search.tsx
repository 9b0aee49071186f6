import { useNavigate } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useSuggestions } from "../../search/components/use-suggestions";
import { useCombobox } from "./use-combobox";

type Option = { id: string; label: string; href: string; note: string };

/**
 * The header's search box: a plain GET form to /search (works without JavaScript). With
 * JavaScript it becomes a WAI-ARIA combobox (APG "list autocomplete"): matching thread and case
 * titles and word completions from /search/suggest, which draws only on what the viewer may
 * read; the keys are the shared combobox's (use-combobox.ts): arrows move through the list
 * (aria-activedescendant), Enter opens the chosen one, Escape closes the list (and clears the
 * box when it is already closed).
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { value, onInput, options, titles } = useSuggestions("", "header-search-suggest");
  const items: Option[] = [
    ...titles.map((x) => ({ id: `site-search-opt-${x.type}-${x.id}`, label: x.title, href: x.href, note: t(`saved:suggest.kind.${x.type}`) })),
    ...options.filter((o) => o !== value).map((o, i) => ({ id: `site-search-opt-w${i}`, label: o, href: `/search?q=${encodeURIComponent(o)}`, note: t("saved:suggest.words") })),
  ];
  const combo = useCombobox({
    items, optionId: (o) => o.id, listId: "site-search-listbox", escapeClears: true, hasValue: Boolean(value),
    onClear: () => onInput(""),
    onChoose: (o) => {
      combo.close();
      navigate(o.href);
    },
  });
  const { hydrated, open } = combo;
  return (
    <form method="get" action="/search" role="search" aria-label={t("searchBox.label")} className="header-search">
      <label htmlFor="site-search" className="visually-hidden">{t("searchBox.label")}</label>
      <div className="combo">
        <input
          id="site-search" type="search" name="q" value={value} maxLength={10000} autoComplete="off"
          placeholder={t("ux:searchPlaceholder")} {...combo.inputProps}
          onChange={(e) => { combo.reopen(); onInput(e.target.value); }}
        />
        {/* Sets the box's least width to its placeholder's (app.css); never seen or read. */}
        <span className="combo-sizer" aria-hidden="true">{t("ux:searchPlaceholder")}</span>
        {hydrated ? (
          <ul {...combo.listProps} aria-label={t("search:suggestions")} className="combo-list">
            {open ? items.map((o, i) => (
              <li key={o.id} {...combo.optionProps(i)}>
                <span className="combo-label">{o.label}</span> <span className="combo-note">{o.note}</span>
              </li>
            )) : null}
          </ul>
        ) : null}
        {hydrated ? <span className="visually-hidden" aria-live="polite" aria-atomic="true">{open ? t("saved:suggest.count", { count: items.length }) : ""}</span> : null}
      </div>
      <button type="submit">{t("searchBox.submit")}</button>
    </form>
  );
}
