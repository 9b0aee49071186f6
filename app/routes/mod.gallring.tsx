import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { forbidden, requireViewer } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { recentDisposals } from "~/moderation/audit-log.server";
import { ModNav } from "~/moderation/components/mod-nav";
import href from "~/styles/moderation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href }];
export const meta: MetaFunction = () => [{ title: "Gallring · Allmänning" }];
export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const r = await recentDisposals(domainCtx(context));
  if (!r.ok) forbidden();
  return json({ disposals: r.value, locale: context.locale });
}

type Failure = { ok: false; errors?: Record<string, { key: string }[]>; values?: Record<string, string> };

/** Network admins: gallring under a disposal decision — the only hard delete, always logged. */
export default function Gallring() {
  const { t } = useTranslation("moderation");
  const { disposals, locale } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<Failure>();
  const failure = fetcher.data;
  const values = failure?.values ?? {};
  const done = useSearchParams()[0].get("mod");
  return (
    <div className="page prose">
      <ModNav />
      <h1>{t("gallring.title")}</h1>
      <p className="lead">{t("gallring.intro")}</p>
      {done ? <p className="notice" role="status">{t(`done.${done}`, { defaultValue: "" })}</p> : null}
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors?._form} />
      <fetcher.Form method="post" action="/mod/act" className="stack" noValidate>
        <input type="hidden" name="intent" value="dispose" />
        <input type="hidden" name="redirectTo" value="/mod/gallring" />
        <div className="field">
          <label htmlFor="f-targetType">{t("gallring.targetType")}</label>
          <select id="f-targetType" name="targetType" defaultValue={values.targetType ?? "thread"}>
            {(["thread", "post", "case"] as const).map((k) => <option key={k} value={k}>{t(`types.${k}`)}</option>)}
          </select>
        </div>
        <Field name="targetId" label={t("gallring.targetId")} required defaultValue={values.targetId ?? ""} errors={failure?.errors?.targetId} />
        <Field name="decisionRef" label={t("tools.decisionRef")} hint={t("tools.disposeHint")} required defaultValue={values.decisionRef ?? ""} errors={failure?.errors?.decisionRef} />
        <SubmitButton className="button button-danger" pending={fetcher.state !== "idle"}>{t("gallring.submit")}</SubmitButton>
      </fetcher.Form>
      <h2>{t("gallring.recent")}</h2>
      {disposals.length === 0 ? <p>{t("gallring.none")}</p> : (
        <ul className="list">
          {disposals.map((d) => (
            <li key={d.id}>
              {t("gallring.row", {
                type: t(`types.${d.target_type}`), id: d.target_id, title: d.title, org: d.org_name ?? "—", ref: d.decision_ref,
                name: d.disposed_by_name, date: formatDateTime(d.disposed_at, locale),
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
