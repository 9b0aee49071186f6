import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FeedList } from "~/feeds/components/feed-list";
import { createFeedToken, myFeedToken, revokeFeedToken } from "~/feeds/tokens.server";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { badRequest, requireViewer } from "~/lib/http.server";
import { pageTitle } from "~/orgs/title.server";
import { mySavedSearches } from "~/search/saved.server";
import accountCss from "~/styles/account.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const [token, saved] = await Promise.all([myFeedToken(ctx), mySavedSearches(ctx)]);
  return json(
    { token, searches: saved.map((s) => ({ id: s.id, name: s.name })), origin: new URL(request.url).origin, title: pageTitle(context.locale, "feeds:settings.title") },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireViewer(request, context.viewer);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const intent = body.form.get("intent");
  const ctx = domainCtx(context);
  if (intent === "create") {
    const secret = await createFeedToken(ctx);
    return json({ secret, revoked: false }, { headers: { "Cache-Control": "private, no-store" } });
  }
  if (intent === "revoke") {
    await revokeFeedToken(ctx);
    return json({ secret: null, revoked: true });
  }
  return badRequest({ errors: { _form: [{ key: "feeds:settings.unknownIntent" }] } });
}

export default function FeedSettings() {
  const { token, origin, searches } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const secret = done && "secret" in done ? done.secret : null;
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language === "en" ? "en-GB" : "sv-SE", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Stockholm" });
  return (
    <div className="page">
      <h1>{t("feeds:settings.title")}</h1>
      <p className="lead">{t("feeds:settings.intro")}</p>

      <section aria-labelledby="public-feeds">
        <h2 id="public-feeds">{t("feeds:settings.publicHeading")}</h2>
        <p>{t("feeds:settings.publicIntro")}</p>
        <FeedList origin={origin} />
      </section>

      <section aria-labelledby="private-feeds">
        <h2 id="private-feeds">{t("feeds:settings.privateHeading")}</h2>
        <p>{t("feeds:settings.privateIntro")}</p>
        {secret ? (
          <div role="status" className="notice">
            <p><strong>{t("feeds:settings.shownOnce")}</strong></p>
            <FeedList origin={origin} prefix={`/feeds/p/${secret}`} searches={searches} />
          </div>
        ) : null}
        {done && "revoked" in done && done.revoked ? <p role="status" className="notice">{t("feeds:settings.revokedDone")}</p> : null}
        {token && !secret ? (
          <p className="meta">
            {t("feeds:settings.current", { created: date(token.createdAt) })}{" "}
            {token.lastUsedAt ? t("feeds:settings.lastUsed", { at: date(token.lastUsedAt) }) : t("feeds:settings.neverUsed")}
          </p>
        ) : null}
        {!token && !secret ? <p className="meta">{t("feeds:settings.none")}</p> : null}
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <button type="submit" className="button">{token || secret ? t("feeds:settings.replace") : t("feeds:settings.create")}</button>
          </Form>
          {token || secret ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <button type="submit" className="button secondary">{t("feeds:settings.revoke")}</button>
            </Form>
          ) : null}
        </div>
      </section>
      <p><Link to="/settings">{t("feeds:settings.back")}</Link></p>
    </div>
  );
}
