import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { caseFormOptions, getCaseForEdit, saveCase } from "~/cases/cases.server";
import { CaseForm } from "~/cases/components/case-form";
import { CASE_ARRAY_FIELDS, caseFormSchema } from "~/cases/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest, idFromParam, notFound } from "~/lib/http.server";
import casesCss from "~/styles/cases.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.title ?? ""} · Allmänning` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = idFromParam(params.caseId);
  const ctx = domainCtx(context);
  const found = await getCaseForEdit(ctx, id);
  if (!found) notFound();
  const options = await caseFormOptions(ctx, found.detail.org.id);
  return json({ detail: { id: found.detail.id, slug: found.detail.slug, title: found.detail.title, state: found.detail.state }, values: found.values, options });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = idFromParam(params.caseId);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(caseFormSchema, form, CASE_ARRAY_FIELDS);
  if (!parsed.ok) return badRequest(parsed);
  const res = await saveCase(domainCtx(context), parsed.data, id);
  if (!res) notFound();
  if (!res.ok) return badRequest({ ok: false as const, errors: res.errors, values: formValues(form) });
  return redirect(`/cases/${res.id}-${res.slug}?${res.state === "published" ? "published" : "saved"}=1`);
}

export default function EditCase() {
  const { t } = useTranslation();
  const { detail, values, options } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  return (
    <div className="page case-edit">
      <p className="eyebrow"><Link to={`/cases/${detail.id}-${detail.slug}`}>{detail.title}</Link></p>
      <h1>{t("cases:editTitle")}</h1>
      <CaseForm values={failure?.values ?? values} errors={failure?.errors} options={options} published={detail.state === "published"} pending={pending} failed={Boolean(failure)} />
    </div>
  );
}
