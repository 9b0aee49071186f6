import { NavLink, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Sub-navigation between the moderation pages (gallring for network admins only). */
export function ModNav() {
  const { t } = useTranslation("moderation");
  const root = useRouteLoaderData("root") as { viewer?: { isNetworkAdmin?: boolean; isNetworkModerator?: boolean } | null } | undefined;
  return (
    <nav aria-label={t("queue.nav")} className="mod-nav">
      <ul>
        <li><NavLink to="/mod/queue">{t("queue.navQueue")}</NavLink></li>
        <li><NavLink to="/mod/health">{t("queue.navHealth")}</NavLink></li>
        <li><NavLink to="/mod/log">{t("queue.navLog")}</NavLink></li>
        {root?.viewer?.isNetworkModerator ? <li><NavLink to="/mod/accessibility">{t("ux:reports.nav")}</NavLink></li> : null}
        {root?.viewer?.isNetworkAdmin ? <li><NavLink to="/mod/gallring">{t("gallring.title")}</NavLink></li> : null}
      </ul>
    </nav>
  );
}
