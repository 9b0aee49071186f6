import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { formatDateTime } from "~/lib/i18n/format";
import { notFound, signInRedirect } from "~/lib/http.server";
import { devMailboxEnabled, listDevMailbox } from "~/lib/mail.server";
import { canViewDevMailbox } from "~/policy";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }, { name: "robots", content: "noindex" }];

// Demo mode only: mail that would have been sent. Outside demo mode this page does not exist;
// signed out it asks for sign-in; a person sees only their own mail, a network admin all of it.
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!devMailboxEnabled()) notFound();
  const url = new URL(request.url);
  const scope = canViewDevMailbox(context.viewer, true);
  if (!scope) throw signInRedirect(url.pathname + url.search);
  const asked = (url.searchParams.get("to") ?? "").slice(0, 254);
  const to = scope === "all" ? asked : context.viewer!.email;
  const messages = await listDevMailbox(domainCtx(context).db, to || undefined);
  return json({
    to,
    all: scope === "all",
    messages: messages.map((m) => ({ id: m.id, to: m.to_address, subject: m.subject, text: m.text_body, createdAt: m.created_at.toISOString() })),
    title: pageTitle(context.locale, "account:mailbox.title"),
  });
}

/** Splits text into plain parts and same-site links, so links in mail are clickable. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return <>{parts.map((p, i) => (/^https?:\/\//.test(p) ? <a key={i} href={p}>{p}</a> : <span key={i}>{p}</span>))}</>;
}

export default function DevMailbox() {
  const { t, i18n } = useTranslation();
  const { to, all, messages } = useLoaderData<typeof loader>();
  const locale = i18n.language === "en" ? "en" : "sv";
  return (
    <div className="page">
      <h1>{t("account:mailbox.title")}</h1>
      <p className="notice">{t("account:mailbox.intro")}</p>
      {all ? (
        <Form method="get" className="inline-form">
          <div className="field">
            <label htmlFor="mailbox-to">{t("account:mailbox.filter")}</label>
            <input id="mailbox-to" type="email" name="to" defaultValue={to} autoComplete="off" />
          </div>
          <button type="submit" className="button button-secondary">{t("account:mailbox.show")}</button>
        </Form>
      ) : (
        <p>{t("account:mailbox.ownOnly", { to })}</p>
      )}
      {messages.length === 0 ? <p>{t("account:mailbox.empty")}</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="mail" aria-labelledby={`mail-${m.id}`}>
          <h2 id={`mail-${m.id}`}>{m.subject}</h2>
          <p className="meta">{t("account:mailbox.to", { to: m.to })} · {t("account:mailbox.sent", { date: formatDateTime(m.createdAt, locale) })}</p>
          <pre><Linkified text={m.text} /></pre>
        </article>
      ))}
    </div>
  );
}
