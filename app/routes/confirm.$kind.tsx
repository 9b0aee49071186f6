import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmPanel } from "~/confirm/components/confirm-panel";
import { describeConfirm } from "~/confirm/kinds.server";
import { isConfirmKind } from "~/confirm/types";
import { domainCtx } from "~/lib/ctx.server";
import { notFound, requireViewer } from "~/lib/http.server";
import { pageTitle } from "~/orgs/title.server";
import confirmCss from "~/styles/confirm.css";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: confirmCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

// GET /confirm/<kind>?…: what a destructive action will do, with the form that does it. The
// page without JavaScript; with JavaScript the same data fills a dialog (the 404 is then data
// for the dialog, so a missing item never replaces the page the person is on).
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const kind = params.kind;
  if (!isConfirmKind(kind)) notFound();
  const view = await describeConfirm(domainCtx(context), kind, new URL(request.url).searchParams);
  const title = pageTitle(context.locale, view ? `confirm:heading.${kind}` : "notFound.title");
  return json({ view, title }, { status: view ? 200 : 404 });
}

export default function ConfirmPage() {
  const { t } = useTranslation();
  const { view } = useLoaderData<typeof loader>();
  if (!view) {
    return (
      <div className="page narrow">
        <h1>{t("notFound.title")}</h1>
        <p>{t("notFound.body")}</p>
        <p><Link to="/">{t("notFound.home")}</Link></p>
      </div>
    );
  }
  return (
    <div className="page narrow confirm-page">
      <ConfirmPanel view={view} headingId="confirm-heading" />
    </div>
  );
}
