import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { forbidden, requireViewer } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import type { Locale } from "~/lib/i18n/resources";
import { SubmitButton } from "~/lib/ui/field";
import { useContentLang } from "~/lib/ui/content-lang";
import { accessibilityReports, handleAccessibilityReport } from "~/moderation/accessibility.server";
import { ModNav } from "~/moderation/components/mod-nav";
import href from "~/styles/moderation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Tillgänglighetsrapporter · Allmänning" }];
export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const reports = await accessibilityReports(domainCtx(context));
  if (!reports) forbidden();
  return json({ reports });
}

// Network moderators mark a report handled (once they have answered it).
export async function action({ request, context }: ActionFunctionArgs) {
  requireViewer(request, context.viewer);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const ctx = domainCtx(context);
  if (!(await accessibilityReports(ctx))) forbidden();
  const done = await handleAccessibilityReport(ctx, String(body.form.get("id") ?? ""));
  if (!done) return json({ error: "ux:reports.notFound" }, { status: 404 });
  return redirect("/mod/accessibility?klar=1", 303);
}

/** The network moderators' list of open accessibility reports from /tillganglighet. */
export default function AccessibilityReports() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { reports } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as { error?: string } | undefined;
  const [params] = useSearchParams();
  const nav = useNavigation();
  const svLang = useContentLang("sv");
  const enLang = useContentLang("en");
  return (
    <div className="page">
      <ModNav />
      <h1>{t("ux:reports.title")}</h1>
      {params.get("klar") ? <p className="notice" role="status">{t("ux:reports.handled")}</p> : null}
      {failure?.error ? <div className="error-summary" role="alert"><p>{t(failure.error)}</p></div> : null}
      <p className="lead">{t("ux:reports.intro")}</p>
      {reports.length === 0 ? <p>{t("ux:reports.empty")}</p> : null}
      <ul className="list a11y-reports">
        {reports.map((r) => (
          <li key={r.id} id={`rapport-${r.id}`}>
            <p className="meta">
              {t("ux:reports.received", { date: formatDateTime(r.createdAt, locale) })} ·{" "}
              {r.name || r.email ? t("ux:reports.reporter", { name: [r.name, r.email].filter(Boolean).join(", ") }) : t("ux:reports.anonymous")}
              {r.signedIn ? ` (${t("ux:reports.signedIn")})` : ""}
            </p>
            {r.page ? <p className="meta">{t("ux:reports.page", { page: r.page })}</p> : null}
            <p className="a11y-report-text" lang={r.locale === "sv" ? svLang : enLang}>{r.description}</p>
            <Form method="post">
              <input type="hidden" name="id" value={r.id} />
              <SubmitButton className="button button-secondary" pending={nav.state === "submitting" && nav.formData?.get("id") === r.id}>
                {t("ux:reports.handle")}<span className="visually-hidden"> ({t("ux:reports.received", { date: formatDateTime(r.createdAt, locale) })})</span>
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}
