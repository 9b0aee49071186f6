import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { checkUnsubscribe, unsubscribe } from "~/mail/unsubscribe.server";
import { pageTitle } from "~/orgs/title.server";

// Works signed out: the signed token in the link is the only credential (never the cookie).
// GET shows a confirm form; POST (the form, or a mail client's RFC 8058 one-click) applies it.
const noStore = { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  const r = checkUnsubscribe(token, new Date());
  const title = pageTitle(context.locale, "mail:unsubscribe.title");
  return json({ title, scope: r.ok ? r.scope : null, token: r.ok ? token : null }, { status: r.ok ? 200 : 400, headers: noStore });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  const r = await unsubscribe(domainCtx(context), token);
  return json(r.ok ? { ok: true as const, scope: r.scope, changed: r.changed } : { ok: false as const }, { status: r.ok ? 200 : 400, headers: noStore });
}

export default function Unsubscribe() {
  const { scope, token } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const { t } = useTranslation();
  const what = (s: string) => (s.startsWith("digest:") ? t(`mail:unsubscribe.digest_${s.slice(7)}`) : t(`mail:kindLabel.${s}`));
  const invalid = !scope || (done && !done.ok);
  return (
    <div className="page">
      <h1>{t("mail:unsubscribe.title")}</h1>
      {invalid ? (
        <p role="alert" data-unsubscribe="invalid">{t("mail:unsubscribe.invalid")}</p>
      ) : done && done.ok ? (
        <p role="status" data-unsubscribe="done">{done.changed ? t("mail:unsubscribe.done", { what: what(done.scope) }) : t("mail:unsubscribe.none")}</p>
      ) : (
        <Form method="post" action={`/unsubscribe?t=${encodeURIComponent(token ?? "")}`}>
          <p>{t("mail:unsubscribe.confirm", { what: what(scope!) })}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" className="button">{t("mail:unsubscribe.button")}</button>
        </Form>
      )}
      <p><Link to="/settings/notifications#mail">{t("mail:unsubscribe.settings")}</Link></p>
    </div>
  );
}
