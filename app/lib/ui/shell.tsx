import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { loader as rootLoader } from "../../root";
import { HeaderSearch } from "./header-search";
import { MenuToggle, useMenu } from "./menu-toggle";
import { RouteFocus } from "./route-focus";
import { NotificationBell } from "../../notifications/components/bell";

/** Header (product, navigation, search, language, account), main landmark and footer. */
export function Shell({ children }: { children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const data = useRouteLoaderData<typeof rootLoader>("root");
  const viewer = data?.viewer ?? null;
  const location = useLocation();
  const here = location.pathname + location.search;
  const other = i18n.language === "sv" ? "en" : "sv";
  const menu = useMenu();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="currentColor" /><path d="M8 21c3-8 13-8 16 0" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" /><circle cx="16" cy="11" r="3" fill="#fff" /></svg>
            <span>{t("appName")}</span>
          </Link>
          <MenuToggle menu={menu} />
          <HeaderSearch />
          {/* On a phone the tools and the navigation fold into this menu (the toggle above); on a
              wide screen the wrapper is display: contents and they sit in the header as before. */}
          <div id="meny" className="site-menu" data-open={menu.open || undefined} ref={menu.panel}>
          <div className="header-tools">
            <Form method="post" action="/lang" className="lang-switch">
              <input type="hidden" name="lang" value={other} />
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" lang={other} className="link-button">
                {t("language.switchTo")}
              </button>
            </Form>
            {data?.demo && viewer ? <Link to="/dev/mailbox">{t("nav.devMailbox")}</Link> : null}
            {viewer ? (
              <>
                <NotificationBell />
                <Link to={`/u/${viewer.handle}`} className="who">{viewer.name}</Link>
                <Link to="/settings">{t("nav.settings")}</Link>
                <Form method="post" action="/logout">
                  <button type="submit" className="link-button">{t("nav.logout")}</button>
                </Form>
              </>
            ) : (
              <>
                <Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</Link>
                <Link to="/signup">{t("nav.signup")}</Link>
              </>
            )}
          </div>
        <nav aria-label={t("nav.label")} className="main-nav">
          <ul>
            <li><NavLink to="/" end>{t("nav.home")}</NavLink></li>
            <li><NavLink to="/threads">{t("nav.threads")}</NavLink></li>
            <li><NavLink to="/cases">{t("nav.cases")}</NavLink></li>
            <li><NavLink to="/search">{t("nav.search")}</NavLink></li>
            <li><NavLink to="/orgs">{t("nav.orgs")}</NavLink></li>
            <li><NavLink to="/best-practice">{t("nav.bestPractice")}</NavLink></li>
            {viewer?.isModerator ? <li><NavLink to="/mod/queue">{t("nav.modQueue")}</NavLink></li> : null}
            {viewer?.canViewInsights ? <li><NavLink to="/insights">{t("insights:nav")}</NavLink></li> : null}
            {viewer?.isNetworkAdmin ? <li><NavLink to="/admin">{t("nav.admin")}</NavLink></li> : null}
          </ul>
        </nav>
          {menu.hydrated ? null : <a href="#" className="menu-close">{t("ux:menu.close")}</a>}
          </div>
        </div>
      </header>
      <RouteFocus />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.about")}</p>
        <p>
          <Link to="/tillganglighet">{t("footer.accessibility")}</Link>
          {" · "}
          <Link to="/integritet">{t("privacy:notice.footerLink")}</Link>
        </p>
      </footer>
    </>
  );
}
