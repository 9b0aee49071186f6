import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { parseForm, type FieldErrors } from "~/lib/forms.server";
import { badRequest, notFound } from "~/lib/http.server";
import { Done, SelectField } from "~/orgs/components/forms";
import { listPeople, setDeactivated, setNetworkRole } from "~/orgs/people.server";
import { deactivateSchema, networkRoleSchema } from "~/orgs/schemas";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";
import { ConfirmAction } from "~/confirm/components/confirm-action";
import { unconfirmed } from "~/confirm/require.server";
import confirmCss from "~/styles/confirm.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }, { rel: "stylesheet", href: confirmCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const people = await listPeople(domainCtx(context), q);
  return json({ q, people, title: pageTitle(context.locale, "orgs:network.peopleHeading") });
}

type Reply = { ok: boolean; target?: string; errors?: FieldErrors };

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { target: String(body.form.get("userId") ?? "") });
  const form = body.form;
  const intent = String(form.get("intent") ?? "");
  const target = String(form.get("userId") ?? "");
  if (intent === "role") {
    const p = parseForm(networkRoleSchema, form);
    if (!p.ok) return badRequest<Reply>({ ok: false, target, errors: p.errors });
    const r = await setNetworkRole(ctx, p.data.userId, p.data.networkRole === "none" ? null : p.data.networkRole);
    return r.ok ? json<Reply>({ ok: true }) : badRequest<Reply>({ ok: false, target, errors: r.errors });
  }
  if (intent === "deactivate") {
    const p = parseForm(deactivateSchema, form);
    if (!p.ok) return badRequest<Reply>({ ok: false, target, errors: p.errors });
    const ask = p.data.deactivate === "1" ? unconfirmed(form, "deactivate", { userId: p.data.userId }) : null;
    if (ask) return ask;
    const r = await setDeactivated(ctx, p.data.userId, p.data.deactivate === "1");
    return r.ok ? json<Reply>({ ok: true }) : badRequest<Reply>({ ok: false, target, errors: r.errors });
  }
  notFound();
}

export default function People() {
  const { t } = useTranslation();
  const { q, people } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const nav = useNavigation();
  const roleOptions = (["none", "moderator", "admin"] as const).map((r) => ({ value: r, label: t(`orgs:networkRoles.${r}`) }));
  return (
    <div className="page">
      <p><Link to="/admin">{t("orgs:network.title")}</Link></p>
      <h1>{t("orgs:network.peopleHeading")}</h1>
      <p>{t("orgs:network.peopleIntro")}</p>
      <Done message={reply?.ok ? t("orgs:network.done") : null} />
      <Form method="get" className="inline-form" role="search" aria-label={t("orgs:network.search")}>
        <div className="field">
          <label htmlFor="people-q">{t("orgs:network.search")}</label>
          <input id="people-q" type="search" name="q" defaultValue={q} />
        </div>
        <button type="submit" className="button button-secondary">{t("orgs:network.searchSubmit")}</button>
      </Form>
      {people.length === 0 ? <p>{t("orgs:network.noPeople")}</p> : null}
      <table className="member-table">
        <thead><tr><th scope="col">{t("orgs:network.person")}</th><th scope="col">{t("orgs:network.networkRole")}</th><th scope="col"><span className="visually-hidden">{t("orgs:network.deactivate")}</span></th></tr></thead>
        <tbody>
          {people.map((p) => {
            const errors = reply && !reply.ok && reply.target === p.id ? reply.errors : undefined;
            return (
              <tr key={p.id}>
                <td>
                  <Link to={`/u/${p.handle}`}>{p.name}</Link>
                  {p.deactivated ? <> <span className="badge badge-danger">{t("orgs:network.deactivated")}</span></> : null}
                  <div className="meta">{p.email}{p.orgName ? ` · ${p.orgName}` : ""}</div>
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={p.id} />
                    <SelectField hideLabel id={`nr-${p.id}`} name="networkRole" label={t("orgs:network.networkRoleFor", { name: p.name })} options={roleOptions} defaultValue={p.networkRole ?? "none"} errors={errors?.networkRole} />
                    <button type="submit" className="button button-secondary" disabled={nav.state === "submitting"}>{t("orgs:network.setRole")}</button>
                  </Form>
                </td>
                <td>
                  {errors?.userId ?? errors?._form ? <p className="field-error" role="alert">{(errors.userId ?? errors._form).map((e) => t(e.key)).join(" ")}</p> : null}
                  {p.deactivated ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="deactivate" />
                      <input type="hidden" name="userId" value={p.id} />
                      <input type="hidden" name="deactivate" value="0" />
                      <button type="submit" className="button button-secondary" aria-label={t("orgs:network.reactivateLabel", { name: p.name })}>{t("orgs:network.reactivate")}</button>
                    </Form>
                  ) : p.isSelf ? null : (
                    <ConfirmAction kind="deactivate" params={{ userId: p.id }} className="button button-danger">
                      <span aria-hidden="true">{t("orgs:network.deactivate")}</span>
                      <span className="visually-hidden">{t("orgs:network.deactivateLabel", { name: p.name })}</span>
                    </ConfirmAction>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
