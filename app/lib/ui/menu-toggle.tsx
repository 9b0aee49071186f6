import { useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export type Menu = ReturnType<typeof useMenu>;

/** The phone menu's state: closed on every new page and on Escape (focus back to the button). */
export function useMenu() {
  const [open, setOpen] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  useEffect(() => setHydrated(true), []);
  useEffect(() => setOpen(false), [location.key]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return { open, setOpen, hydrated, panel, button };
}

/**
 * The phone header's menu button (hidden on wide screens). Without JavaScript it is a link to
 * #meny, which CSS opens with :target; with JavaScript it is a disclosure button (aria-expanded).
 */
export function MenuToggle({ menu }: { menu: Menu }) {
  const { t } = useTranslation("ux");
  const icon = (
    <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20"><path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /></svg>
  );
  if (!menu.hydrated) {
    return (
      <a href="#meny" className="menu-toggle">
        {icon} {t("menu.open")}
      </a>
    );
  }
  return (
    <button type="button" ref={menu.button} className="menu-toggle" aria-expanded={menu.open} aria-controls="meny" onClick={() => menu.setOpen(!menu.open)}>
      {icon} {t("menu.open")}
    </button>
  );
}
