import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { notFound } from "~/lib/http.server";
import { SubmitButton } from "~/lib/ui/field";
import { Done } from "~/orgs/components/forms";
import { pageTitle } from "~/orgs/title.server";
import { listArchiveExports, requestArchiveExport } from "~/privacy/archive.server";
import { ExportList } from "~/privacy/components/export-list";
import accountCss from "~/styles/account.css";

// /admin/archive: network admins produce the e-archive export and fetch it (anyone else 404).
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const exports = await listArchiveExports(domainCtx(context));
  const cron = (process.env.ARCHIVE_EXPORT_CRON ?? "").trim() || null;
  return json({ exports, cron, title: pageTitle(context.locale, "privacy:archive.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  await listArchiveExports(ctx); // 404 for everyone but network admins, before reading the body
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  if (body.form.get("intent") !== "export") notFound();
  const r = await requestArchiveExport(ctx);
  if (!r.ok) return json({ message: "privacy:archive.busy" }, { status: 409 });
  return redirect("/admin/archive?done=1");
}

export default function ArchiveExport() {
  const { t } = useTranslation();
  const { exports, cron } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as { message?: string } | undefined;
  const [search] = useSearchParams();
  const nav = useNavigation();
  const revalidator = useRevalidator();
  const building = exports.some((e) => e.status === "queued" || e.status === "running");
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [building, revalidator]);
  const items = exports.map((e) => ({
    ...e,
    href: e.available ? `/admin/archive/${e.id}/download` : null,
    note: e.status === "done" && !e.available ? t("privacy:archive.gone") : e.sha256 ? `SHA-256 ${e.sha256}` : null,
    extra: e.scheduled ? <> <span className="badge">{t("privacy:archive.scheduled")}</span></> : null,
  }));
  return (
    <div className="page">
      <p><Link to="/admin">{t("orgs:network.title")}</Link></p>
      <h1>{t("privacy:archive.title")}</h1>
      <p>{t("privacy:archive.intro")}</p>
      <p className="meta">{cron ? t("privacy:archive.schedule", { cron }) : t("privacy:archive.noSchedule")}</p>
      <Done message={search.get("done") === "1" ? t("privacy:archive.requested") : null} />
      {reply?.message ? <div className="error-summary" role="alert"><p>{t(reply.message)}</p></div> : null}
      {items.length ? <ExportList items={items} ns="archive" labelCol={t("privacy:archive.colCreated")} /> : <p>{t("privacy:archive.none")}</p>}
      {building ? <p><Link to="/admin/archive" reloadDocument>{t("privacy:data.refresh")}</Link></p> : null}
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="export" />
        <SubmitButton pending={nav.state === "submitting"}>{t("privacy:archive.request")}</SubmitButton>
      </Form>
    </div>
  );
}
