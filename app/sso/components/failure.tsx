import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The clear page for a refused or failed sign-in: what happened, and the ways forward. */
export function SsoFailure({ failure, slug }: { failure: string; slug?: string }) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("sso:failure.title")}</h1>
      <p className="error-summary" role="alert">{t(`sso:failure.${failure}`, { defaultValue: t("sso:failure.tokenInvalid") })}</p>
      <ul className="account-links">
        {slug && failure !== "unknownProvider" ? (
          <li>
            <form method="post" action={`/auth/sso/${encodeURIComponent(slug)}/start`}>
              <button type="submit" className="link-button">{t("sso:failure.again")}</button>
            </form>
          </li>
        ) : null}
        <li><Link to="/login">{t("sso:failure.other")}</Link></li>
      </ul>
    </div>
  );
}
