import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { UndoNotice } from "~/confirm/components/undo-notice";
import { UNDO_KINDS, undoDelete } from "~/confirm/undo.server";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { requireViewer } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { pageTitle } from "~/orgs/title.server";
import { UNDO_WINDOW_MINUTES } from "~/policy/undo";
import confirmCss from "~/styles/confirm.css";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: confirmCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

const schema = z.object({ kind: z.enum(UNDO_KINDS), id: z.string().regex(/^\d{1,18}$/), back: z.string().optional() });

// GET /undo?undo=case-<id>: the status after deleting a case study (its page is gone for the
// person), with the Ångra button. POST /undo: takes a soft delete back (the domain checks who,
// and that the window is still open) and goes to the restored item.
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  return json({ title: pageTitle(context.locale, "confirm:undo.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  if (!ctx.viewer) return redirect("/login?redirectTo=%2F");
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const parsed = schema.safeParse(Object.fromEntries(body.form));
  const back = safeRedirect(parsed.success ? parsed.data.back : null, "/");
  if (!parsed.success) return json({ tooLate: true, back }, { status: 400 });
  const to = await undoDelete(ctx, parsed.data.kind, parsed.data.id);
  if (!to) return json({ tooLate: true, back }, { status: 409 });
  return redirect(to, 303);
}

export default function Undo() {
  const { t } = useTranslation("confirm");
  useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && "tooLate" in data ? { back: String(data.back) } : data ? { back: "/" } : null;
  return (
    <div className="page narrow">
      <h1>{t("undo.title")}</h1>
      {failed ? (
        <div className="error-summary" role="alert"><p>{t("undo.tooLate", { minutes: UNDO_WINDOW_MINUTES })}</p></div>
      ) : (
        <UndoNotice />
      )}
      <ul className="account-links">
        {failed && failed.back !== "/" ? <li><Link to={failed.back}>{t("undo.back")}</Link></li> : null}
        <li><Link to="/cases">{t("undo.toCases")}</Link></li>
        <li><Link to="/threads">{t("undo.toThreads")}</Link></li>
      </ul>
    </div>
  );
}
