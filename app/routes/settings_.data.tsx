import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formError, type FieldErrors } from "~/lib/forms.server";
import { badRequest, notFound, requireViewer } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import { ErrorSummary, SubmitButton } from "~/lib/ui/field";
import { Done } from "~/orgs/components/forms";
import { pageTitle } from "~/orgs/title.server";
import { ExportList } from "~/privacy/components/export-list";
import { myErasureRequest, requestErasure, withdrawErasure } from "~/privacy/erasure.server";
import { myExports, requestMyExport } from "~/privacy/personal-export.server";
import accountCss from "~/styles/account.css";

// /settings/data: a person's own data export (GDPR Art. 15/20) and their request to be erased.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const [exports, erasure] = await Promise.all([myExports(ctx), myErasureRequest(ctx)]);
  return json({ exports, erasure, title: pageTitle(context.locale, "privacy:data.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

type Reply = { intent: string; ok: boolean; errors?: FieldErrors; message?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { intent: String(body.form.get("intent") ?? "") });
  const intent = String(body.form.get("intent") ?? "");
  if (intent === "export") {
    const r = await requestMyExport(ctx);
    if (!r.ok) return json<Reply>({ intent, ok: false, message: "privacy:data.busy" }, { status: 409 });
    return redirect("/settings/data?done=requested");
  }
  if (intent === "erase") {
    if (body.form.get("confirm") !== "yes") return badRequest<Reply>({ intent, ok: false, errors: formError("confirm", "privacy:data.eraseConfirmMissing") });
    await requestErasure(ctx);
    return redirect("/settings/data?done=eraseRequested");
  }
  if (intent === "withdraw") {
    await withdrawErasure(ctx);
    return redirect("/settings/data?done=withdrawn");
  }
  notFound();
}

const DONE = new Set(["requested", "eraseRequested", "withdrawn"]);

export default function MyData() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "sv";
  const { exports, erasure } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const [search] = useSearchParams();
  const nav = useNavigation();
  const revalidator = useRevalidator();
  const building = exports.some((e) => e.status === "queued" || e.status === "running");
  // With JavaScript, the progress moves by itself; without, the refresh link does it.
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [building, revalidator]);
  const busy = (intent: string) => nav.state === "submitting" && nav.formData?.get("intent") === intent;
  const done = search.get("done");
  const eraseFailed = reply?.intent === "erase" && !reply.ok ? reply : undefined;
  const items = exports.map((e) => ({
    ...e,
    href: e.status === "done" && !e.downloadedAt && !e.expired ? `/settings/data/download/${e.id}` : null,
    note: e.downloadedAt ? t("privacy:data.downloaded", { at: formatDateTime(e.downloadedAt, locale) })
      : e.status === "done" && e.expired ? t("privacy:data.expired")
      : e.status === "done" && e.expiresAt ? t("privacy:data.expires", { at: formatDateTime(e.expiresAt, locale) }) : null,
  }));
  return (
    <div className="page narrow">
      <p><Link to="/settings">{t("account:settings.title")}</Link></p>
      <h1>{t("privacy:data.title")}</h1>
      <p>{t("privacy:data.intro")} <Link to="/integritet">{t("privacy:data.linkToPrivacy")}</Link></p>
      <Done message={done && DONE.has(done) ? t(`privacy:data.${done}`) : null} />

      <section aria-labelledby="export-heading" className="settings-section">
        <h2 id="export-heading">{t("privacy:data.exportHeading")}</h2>
        <p>{t("privacy:data.exportIntro")}</p>
        {reply?.intent === "export" && reply.message ? <div className="error-summary" role="alert"><p>{t(reply.message)}</p></div> : null}
        {items.length ? <ExportList items={items} ns="data" labelCol={t("privacy:data.colRequested")} /> : <p>{t("privacy:data.none")}</p>}
        {building ? <p><Link to="/settings/data" reloadDocument>{t("privacy:data.refresh")}</Link></p> : null}
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="export" />
          <SubmitButton pending={busy("export")}>{t("privacy:data.request")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="erase-heading" className="settings-section">
        <h2 id="erase-heading">{t("privacy:data.eraseHeading")}</h2>
        <p>{t("privacy:data.eraseIntro")}</p>
        {erasure ? (
          <>
            <p><strong>{t("privacy:data.erasePending", { at: formatDateTime(erasure.requestedAt, locale) })}</strong></p>
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="withdraw" />
              <SubmitButton className="button button-secondary" pending={busy("withdraw")}>{t("privacy:data.withdraw")}</SubmitButton>
            </Form>
          </>
        ) : (
          <Form method="post" className="stack" noValidate>
            <ErrorSummary show={Boolean(eraseFailed)} />
            <input type="hidden" name="intent" value="erase" />
            <div className={`field${eraseFailed?.errors?.confirm ? " field-invalid" : ""}`}>
              {eraseFailed?.errors?.confirm ? <p id="erase-confirm-error" className="field-error">{t(eraseFailed.errors.confirm[0].key)}</p> : null}
              <label className="checkbox">
                <input type="checkbox" name="confirm" value="yes" aria-invalid={eraseFailed?.errors?.confirm ? true : undefined} aria-describedby={eraseFailed?.errors?.confirm ? "erase-confirm-error" : undefined} />{" "}
                {t("privacy:data.eraseConfirm")}
              </label>
            </div>
            <SubmitButton className="button button-danger" pending={busy("erase")}>{t("privacy:data.eraseSubmit")}</SubmitButton>
          </Form>
        )}
      </section>
    </div>
  );
}
