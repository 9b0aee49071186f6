import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import type { FieldError, FieldErrors } from "~/lib/forms.server";
import { ErrorSummary } from "~/lib/ui/field";
import { badRequest, requireViewer } from "~/lib/http.server";
import { pageTitle } from "~/orgs/title.server";
import { changeSavedSearch, mySavedSearches, type SavedSearch } from "~/search/saved.server";
import { ALERTS } from "~/search/saved.schemas";
import { myFeedToken } from "~/feeds/tokens.server";
import accountCss from "~/styles/account.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }, { name: "robots", content: "noindex" }];

// /search/saved (issue 18): a person's saved searches — open, rename, choose alerts, delete
// (?delete=<id> shows the confirm step; everything is a plain form, no JavaScript needed).
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const url = new URL(request.url);
  const [searches, feed] = await Promise.all([mySavedSearches(ctx), myFeedToken(ctx)]);
  const pick = (k: string) => searches.find((s) => s.id === url.searchParams.get(k)) ?? null;
  const done = (["saved", "already", "renamed", "alerted", "deleted"] as const).find((k) => url.searchParams.has(k)) ?? null;
  return json(
    { searches, confirm: pick("delete"), done, hasFeed: Boolean(feed), title: pageTitle(context.locale, "saved:title") },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const DONE: Record<string, string> = { rename: "renamed", alert: "alerted", delete: "deleted" };

export async function action({ request, context }: ActionFunctionArgs) {
  requireViewer(request, context.viewer);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const intent = String(body.form.get("intent") ?? "");
  const r = await changeSavedSearch(domainCtx(context), intent, body.form);
  if (r.ok) return redirect(`/search/saved?${DONE[intent]}=${r.id}${intent === "delete" ? "" : `#s${r.id}`}`, 303);
  if (r.status === 404) throw json({ message: "notFound" }, { status: 404 });
  return badRequest({ intent, errors: r.errors, values: r.values });
}

const DONE_KEY = { saved: "save.done", already: "save.already", renamed: "done.rename", alerted: "done.alert", deleted: "done.delete" } as const;

type Failure = { intent: string; errors: Record<string, FieldError[]>; values: Record<string, string | string[]> };

export default function SavedSearches() {
  const { searches, confirm, done, hasFeed } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failure | undefined;
  const { t } = useTranslation();
  const doneKey = done ? DONE_KEY[done] : null;
  return (
    <div className="page saved-searches">
      <h1>{t("saved:title")}</h1>
      <p className="lead">{t("saved:intro")}</p>
      {doneKey ? <p role="status" className="notice">{t(`saved:${doneKey}`)}</p> : null}
      <ErrorSummary show={Boolean(failed)} errors={summaryErrors(failed)} labels={{ name: t("saved:list.rename"), alert: t("saved:save.alert") }} ids={{ name: `rename-${failed?.values?.id}`, alert: `alert-${failed?.values?.id}` }} />
      {confirm ? <ConfirmDelete s={confirm} failure={failed?.intent === "delete" ? failed : undefined} /> : null}
      {searches.length === 0 ? <p>{t("saved:empty")}</p> : (
        <ul className="saved-list">
          {searches.map((s) => <SavedItem key={s.id} s={s} failure={failed && failed.values?.id === s.id ? failed : undefined} hasFeed={hasFeed} />)}
        </ul>
      )}
      <p><Link to="/search">{t("search:title")}</Link> · <Link to="/settings/feeds">{t("saved:list.feeds")}</Link></p>
    </div>
  );
}

/** A rename's name and an alert choice link to that search's field; anything else is said once. */
function summaryErrors(f?: Failure): FieldErrors {
  if (!f) return {};
  const { name, alert, ...rest } = f.errors;
  return { _form: Object.values(rest).flat(), ...(name ? { name } : {}), ...(alert ? { alert } : {}) };
}

function SavedItem({ s, failure, hasFeed }: { s: SavedSearch; failure?: Failure; hasFeed: boolean }) {
  const { t } = useTranslation();
  const nameErr = failure?.intent === "rename" ? failure.errors.name : undefined;
  const name = failure?.intent === "rename" && typeof failure.values.name === "string" ? failure.values.name : s.name;
  const rid = `rename-${s.id}`;
  return (
    <li id={`s${s.id}`} className="saved-item">
      <h2><Link to={s.href}>{s.name}</Link></h2>
      <p className="meta">{t("saved:list.query", { query: s.summary })}</p>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="rename" />
        <input type="hidden" name="id" value={s.id} />
        <label htmlFor={rid}>{t("saved:list.rename")}</label>
        {nameErr ? <p id={`${rid}-error`} className="field-error">{nameErr.map((e) => t(e.key)).join(" ")}</p> : null}
        <input id={rid} name="name" defaultValue={name} maxLength={200} aria-invalid={nameErr ? true : undefined} aria-describedby={nameErr ? `${rid}-error` : undefined} />
        <button type="submit" className="button button-secondary">{t("saved:list.renameSubmit")}</button>
      </Form>
      <Form method="post" className="saved-alert">
        <input type="hidden" name="intent" value="alert" />
        <input type="hidden" name="id" value={s.id} />
        <fieldset id={`alert-${s.id}`}>
          <legend>{t("saved:save.alert")}</legend>
          {ALERTS.map((a) => (
            <label key={a} className="choice"><input type="radio" name="alert" value={a} defaultChecked={s.alert === a} /> <span>{t(`saved:alert.${a}`)}</span></label>
          ))}
        </fieldset>
        <button type="submit" className="button button-secondary">{t("saved:list.alertSubmit")}</button>
      </Form>
      <p className="meta feed-url">
        {t("saved:list.feed")}: {hasFeed ? <code>{`/feeds/p/…/searches/${s.id}.atom`}</code> : t("saved:list.feedNone")}{" "}
        <Link to="/settings/feeds">{t("saved:list.feeds")}</Link>
      </p>
      <p><Link to={`/search/saved?delete=${s.id}`} className="button button-secondary">{t("saved:list.delete")}</Link></p>
    </li>
  );
}

function ConfirmDelete({ s, failure }: { s: SavedSearch; failure?: Failure }) {
  const { t } = useTranslation();
  return (
    <section className="notice notice-warn" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">{t("saved:confirm.heading", { name: s.name })}</h2>
      <p>{t("saved:confirm.body")}</p>
      {failure?.errors.confirm ? <p className="field-error" role="alert">{failure.errors.confirm.map((e) => t(e.key)).join(" ")}</p> : null}
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="id" value={s.id} />
        <input type="hidden" name="confirm" value="1" />
        <button type="submit" className="button">{t("saved:confirm.submit")}</button>
        <Link to={`/search/saved#s${s.id}`}>{t("saved:confirm.cancel")}</Link>
      </Form>
    </section>
  );
}
