import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { promoteThread } from "~/cases/promote.server";
import { domainCtx } from "~/lib/ctx.server";
import { badRequest, idFromParam, requireViewer } from "~/lib/http.server";
import { SubmitButton } from "~/lib/ui/field";
import casesCss from "~/styles/cases.css";

// Promote a solved question to a case draft (a POST; the GET page only confirms).
export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesCss }];
export const meta: MetaFunction = () => [{ title: "Gör om till fallstudie · Allmänning" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const threadId = idFromParam(params.threadId);
  requireViewer(request, context.viewer);
  return json({ threadId });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const threadId = idFromParam(params.threadId);
  requireViewer(request, context.viewer);
  const res = await promoteThread(domainCtx(context), threadId);
  if (!res) throw new Response("Not Found", { status: 404 });
  if (!res.ok) return badRequest({ reason: res.reason });
  return redirect(`/cases/${res.id}-${res.slug}/edit`);
}

export default function Promote() {
  const { t } = useTranslation();
  const { threadId } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  return (
    <div className="page narrow">
      <h1>{t("cases:promote.title")}</h1>
      <p>{t("cases:promote.body")}</p>
      {failure ? <p className="error-summary" role="alert">{t(`cases:promote.${failure.reason}`)}</p> : null}
      <Form method="post" className="actions">
        <SubmitButton pending={pending}>{t("cases:promote.submit")}</SubmitButton>
        <Link to={`/t/${threadId}`}>{t("form.cancel")}</Link>
      </Form>
    </div>
  );
}
