import { useNavigate } from "@remix-run/react";
import { useEffect, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSuggestions } from "../../search/components/use-suggestions";

type Option = { id: string; label: string; href: string; note: string };

/**
 * The header's search box: a plain GET form to /search (works without JavaScript). With
 * JavaScript it becomes a WAI-ARIA combobox (APG "list autocomplete"): matching thread and case
 * titles and word completions from /search/suggest, which draws only on what the viewer may
 * read; arrow keys move through the list (aria-activedescendant), Enter opens the chosen one,
 * Escape closes the list (and clears the box when it is already closed).
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { value, onInput, options, titles } = useSuggestions("", "header-search-suggest");
  const [hydrated, setHydrated] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => setHydrated(true), []);
  const items: Option[] = [
    ...titles.map((x) => ({ id: `site-search-opt-${x.type}-${x.id}`, label: x.title, href: x.href, note: t(`saved:suggest.kind.${x.type}`) })),
    ...options.filter((o) => o !== value).map((o, i) => ({ id: `site-search-opt-w${i}`, label: o, href: `/search?q=${encodeURIComponent(o)}`, note: t("saved:suggest.words") })),
  ];
  const key = items.map((i) => i.id).join("|");
  useEffect(() => setActive(-1), [key]);
  const open = hydrated && focused && !dismissed && items.length > 0;
  const choose = (o: Option) => {
    setDismissed(true);
    navigate(o.href);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!items.length) return;
      e.preventDefault();
      setDismissed(false);
      const n = items.length;
      const down = e.key === "ArrowDown";
      // Opening picks the first (or last) option; then the keys move and wrap around.
      setActive((a) => (!open || a < 0 ? (down ? 0 : n - 1) : down ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === "Enter" && open && active >= 0 && items[active]) {
      e.preventDefault();
      choose(items[active]);
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        setDismissed(true);
        setActive(-1);
      } else if (value) {
        e.preventDefault();
        onInput("");
      }
    }
  };
  const combo = hydrated
    ? {
        role: "combobox", "aria-autocomplete": "list" as const, "aria-expanded": open, "aria-controls": "site-search-listbox",
        "aria-activedescendant": open && active >= 0 && items[active] ? items[active].id : undefined,
      }
    : {};
  return (
    <form method="get" action="/search" role="search" aria-label={t("searchBox.label")} className="header-search">
      <label htmlFor="site-search" className="visually-hidden">{t("searchBox.label")}</label>
      <div className="combo">
        <input
          id="site-search" type="search" name="q" value={value} maxLength={10000} autoComplete="off"
          placeholder={t("ux:searchPlaceholder")} {...combo}
          onChange={(e) => { setDismissed(false); onInput(e.target.value); }}
          onKeyDown={onKeyDown} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}
        />
        {/* Sets the box's least width to its placeholder's (app.css); never seen or read. */}
        <span className="combo-sizer" aria-hidden="true">{t("ux:searchPlaceholder")}</span>
        {hydrated ? (
          <ul id="site-search-listbox" role="listbox" aria-label={t("search:suggestions")} className="combo-list" hidden={!open}>
            {open ? items.map((o, i) => (
              <li
                key={o.id} id={o.id} role="option" aria-selected={i === active} className={i === active ? "active" : undefined}
                onMouseDown={(e) => e.preventDefault()} onClick={() => choose(o)}
              >
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
