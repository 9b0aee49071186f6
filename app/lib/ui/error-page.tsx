import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The translated 404 / error page; never shows a stack trace. */
export function ErrorPage({ status }: { status: number }) {
  const { t } = useTranslation();
  const missing = status === 404;
  const forbidden = status === 403;
  const bad = status === 400;
  const unavailable = status === 503;
  const gone = status === 410;
  return (
    <div className="error-page">
      <p className="eyebrow">{t("error.status", { status })}</p>
      <h1>{missing ? t("notFound.title") : gone ? t("gone.title") : unavailable ? t("unavailable.title") : t("error.title")}</h1>
      <p>{missing ? t("notFound.body") : gone ? t("gone.body") : forbidden ? t("error.forbidden") : bad ? t("error.badRequest") : unavailable ? t("unavailable.body") : t("error.body")}</p>
      <p>
        <Link to="/">{t("notFound.home")}</Link>
      </p>
    </div>
  );
}

/** Error boundary for routes with params: renders inside the shell, keeps the header usable. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
