import { useEffect, useState, type KeyboardEvent, type MouseEvent } from "react";

/** What the keyboard handler sees: the list's state when the key is pressed. */
export type ComboView = {
  open: boolean;
  /** The option shown as active (aria-activedescendant), -1 for none. */
  active: number;
  /** How many options there are (whether or not the list is shown). */
  count: number;
  /** Escape on a closed list empties the box (the header's search box; a native search field does the same). */
  escapeClears: boolean;
  hasValue: boolean;
};

/** What a key does. Every effect but `ignore` and `caret` takes the key from the browser. */
export type ComboEffect =
  | { kind: "ignore" }
  | { kind: "move"; active: number }
  | { kind: "choose"; index: number }
  | { kind: "close" }
  | { kind: "clear" }
  | { kind: "caret" };

/**
 * The WAI-ARIA APG combobox keys for an editable box with a list (list autocomplete), as a pure
 * function: Down/Up open the list on the first/last option, then move and wrap around; Enter
 * takes the active option; Escape closes the list (or, when asked, clears a closed box); Home and
 * End stay the text field's own (the caret moves) and give the visual focus back to the box.
 */
export function comboKey(key: string, v: ComboView): ComboEffect {
  const { open, active, count } = v;
  switch (key) {
    case "ArrowDown":
    case "ArrowUp": {
      if (!count) return { kind: "ignore" };
      const down = key === "ArrowDown";
      if (!open || active < 0) return { kind: "move", active: down ? 0 : count - 1 };
      return { kind: "move", active: down ? (active + 1) % count : (active - 1 + count) % count };
    }
    case "Enter":
      return open && active >= 0 && active < count ? { kind: "choose", index: active } : { kind: "ignore" };
    case "Escape":
      if (open) return { kind: "close" };
      return v.escapeClears && v.hasValue ? { kind: "clear" } : { kind: "ignore" };
    case "Home":
    case "End":
      return open && active >= 0 ? { kind: "caret" } : { kind: "ignore" };
    default:
      return { kind: "ignore" };
  }
}

type Options<T> = {
  items: T[];
  /** The DOM id of an option (the target of aria-activedescendant). */
  optionId: (item: T) => string;
  listId: string;
  /** Runs on Enter over the active option or a click on one. */
  onChoose: (item: T) => void;
  /** With `escapeClears`: empties the box. */
  onClear?: () => void;
  escapeClears?: boolean;
  hasValue?: boolean;
  /** A list closed by Escape shows again when the box gets focus back (tag entry). */
  reopenOnFocus?: boolean;
};

/**
 * One combobox's state and props (WAI-ARIA APG, list autocomplete with manual selection), shared
 * by the header's search box and tag entry. Before hydration it gives nothing: the field stays
 * a plain input inside a form that works without JavaScript.
 */
export function useCombobox<T>(o: Options<T>) {
  const [hydrated, setHydrated] = useState(false);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => setHydrated(true), []);
  const ids = o.items.map(o.optionId);
  const key = ids.join("|");
  // New options: none is active until a key says so.
  useEffect(() => setActive(-1), [key]);

  const open = hydrated && focused && !dismissed && o.items.length > 0;
  const current = open && active >= 0 && active < ids.length ? ids[active] : undefined;
  const close = () => {
    setDismissed(true);
    setActive(-1);
  };
  const choose = (i: number) => {
    setActive(-1);
    o.onChoose(o.items[i]);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const effect = comboKey(e.key, { open, active, count: o.items.length, escapeClears: Boolean(o.escapeClears), hasValue: Boolean(o.hasValue) });
    if (effect.kind === "ignore") return;
    if (effect.kind === "caret") return setActive(-1);
    e.preventDefault();
    if (effect.kind === "move") {
      setDismissed(false);
      setActive(effect.active);
    } else if (effect.kind === "choose") choose(effect.index);
    else if (effect.kind === "close") close();
    else o.onClear?.();
  };
  const inputProps = hydrated
    ? {
        role: "combobox", "aria-autocomplete": "list" as const, "aria-expanded": open, "aria-controls": o.listId,
        "aria-activedescendant": current, onKeyDown,
        onFocus: () => setFocused(true),
        onBlur: () => {
          setFocused(false);
          if (o.reopenOnFocus) setDismissed(false);
        },
      }
    : {};
  const listProps = { id: o.listId, role: "listbox", hidden: !open };
  const optionProps = (i: number) => ({
    id: ids[i], role: "option", "aria-selected": i === active, className: i === active ? "active" : undefined,
    // The box keeps the focus while the pointer picks.
    onMouseDown: (e: MouseEvent) => e.preventDefault(),
    onClick: () => choose(i),
  });
  /** Typing shows the list again after Escape closed it. */
  const reopen = () => setDismissed(false);
  return { hydrated, focused, open, active, close, reopen, inputProps, listProps, optionProps };
}
