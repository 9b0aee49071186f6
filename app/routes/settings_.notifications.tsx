import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/lib/ui/field";
import { readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { badRequest, requireViewer } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { pageTitle } from "~/orgs/title.server";
import { WatchForm } from "~/watching/components/watch-form";
import { myWatches, setWatchLevel } from "~/watching/watching.server";
import { myMailSettings, saveMailSettings } from "~/notifications/preferences.server";
import { MailSettings } from "~/notifications/components/mail-settings";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const [watches, mail] = await Promise.all([myWatches(ctx), myMailSettings(ctx)]);
  return json({ watches, mail, saved: new URL(request.url).searchParams.get("saved") === "mail", title: pageTitle(context.locale, "notifications:settings.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

// Every watch form posts here (thread, tag, case and organisation pages, and this page).
export async function action({ request, context }: ActionFunctionArgs) {
  requireViewer(request, context.viewer);
  const body = await readBody(request);
  // Not a form: the page's error summary shows the translated reason (this page's errors are field → key).
  if (!body.ok) return json({ errors: { _form: body.failure.errors._form[0].key } as Record<string, string>, values: {} as Record<string, string> }, { status: body.status });
  const form = body.form;
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  if (values.intent === "mail") {
    const m = await saveMailSettings(domainCtx(context), values);
    if (!m.ok) return badRequest({ mailErrors: m.errors, values });
    return redirect("/settings/notifications?saved=mail#mail");
  }
  const r = await setWatchLevel(domainCtx(context), values);
  if (!r.ok) return badRequest({ errors: r.errors, values });
  return redirect(safeRedirect(values.redirectTo, "/settings/notifications"));
}

export default function WatchSettings() {
  const { watches, mail, saved } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = failed && "errors" in failed ? Object.entries(failed.errors) : [];
  const mailFailed = failed && "mailErrors" in failed ? failed : null;
  return (
    <div className="page">
      <h1>{t("notifications:settings.title")}</h1>
      <p>{t("notifications:settings.intro")}</p>
      {/* A watch form posts here from many pages; its errors name no field on this page. */}
      <ErrorSummary show={errors.length > 0} errors={errors.map(([, key]) => ({ key }))} />
      {watches.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("notifications:settings.kind")}</th>
              <th scope="col">{t("notifications:settings.item")}</th>
              <th scope="col">{t("notifications:level.label")}</th>
            </tr>
          </thead>
          <tbody>
            {watches.map((w) => (
              <tr key={`${w.targetType}:${w.targetId}`}>
                <td>{t(`notifications:settings.target.${w.targetType}`)}</td>
                <td>{w.href && w.title ? <Link to={w.href}>{w.title}</Link> : t("notifications:page.unavailable")}</td>
                <td>
                  {w.title ? <WatchForm targetType={w.targetType} targetId={w.targetId} level={w.level} firstPostOnly={w.firstPostOnly} /> : t(`notifications:level.${w.level}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("notifications:settings.empty")}</p>
      )}
      {mail ? <MailSettings prefs={mail.prefs} consents={mail.consents} saved={saved} errors={(mailFailed?.mailErrors ?? {}) as Record<string, string>} values={(mailFailed?.values ?? {}) as Record<string, string>} /> : null}
    </div>
  );
}
