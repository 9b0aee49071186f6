import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Sub-navigation between the moderation pages. */
export function ModNav() {
  const { t } = useTranslation("moderation");
  return (
    <nav aria-label={t("queue.nav")} className="mod-nav">
      <ul>
        <li><NavLink to="/mod/queue">{t("queue.navQueue")}</NavLink></li>
        <li><NavLink to="/mod/health">{t("queue.navHealth")}</NavLink></li>
        <li><NavLink to="/mod/log">{t("queue.navLog")}</NavLink></li>
      </ul>
    </nav>
  );
}
