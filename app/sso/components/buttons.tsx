import { useTranslation } from "react-i18next";

// Plain links styled as buttons: a link's navigation may leave for the provider, which CSP
// form-action would refuse a form's redirect. Both work without JavaScript.

const startHref = (slug: string, redirectTo: string) =>
  `/auth/sso/${encodeURIComponent(slug)}/start${redirectTo && redirectTo !== "/" ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`;

/** One button per configured organisation ("Logga in med Gävle kommun"). */
export function SsoButtons({ buttons, redirectTo }: { buttons: { slug: string; orgName: string }[]; redirectTo: string }) {
  const { t } = useTranslation();
  if (buttons.length === 0) return null;
  return (
    <section aria-labelledby="sso-heading" className="sso-buttons stack">
      <h2 id="sso-heading">{t("sso:login.orgHeading")}</h2>
      <p>{t("sso:login.orgIntro")}</p>
      {buttons.map((b) => (
        <p key={b.slug}>
          <a className="button button-secondary" href={startHref(b.slug, redirectTo)}>{t("sso:login.button", { org: b.orgName })}</a>
        </p>
      ))}
    </section>
  );
}

/** Home-realm discovery without JavaScript: a page that moves on to the provider by itself. */
export function SsoContinue({ to, org }: { to: string; org: string }) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <meta httpEquiv="refresh" content={`0;url=${to}`} />
      <h1>{t("sso:login.continueTitle", { org })}</h1>
      <p><a className="button" href={to}>{t("sso:login.button", { org })}</a></p>
    </div>
  );
}
