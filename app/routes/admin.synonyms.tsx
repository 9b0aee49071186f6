import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { parseForm, type FieldErrors } from "~/lib/forms.server";
import { badRequest, notFound } from "~/lib/http.server";
import { ErrorSummary, Field } from "~/lib/ui/field";
import { Done } from "~/orgs/components/forms";
import { pageTitle } from "~/orgs/title.server";
import { addSynonymGroup, listSynonymGroups, removeSynonymGroup } from "~/search/synonyms.server";
import { addSynonymGroupSchema, removeSynonymGroupSchema } from "~/search/synonyms.schemas";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const groups = await listSynonymGroups(domainCtx(context));
  return json({ groups, title: pageTitle(context.locale, "search:synonyms.heading") });
}

type Reply = { ok: boolean; done?: "added" | "removed"; errors?: FieldErrors; values?: Record<string, string | string[]> };

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  await listSynonymGroups(ctx); // 404 before reading anything for those who may not manage synonyms
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, {});
  const form = body.form;
  const intent = String(form.get("intent") ?? "");
  if (intent === "add") {
    const p = parseForm(addSynonymGroupSchema, form);
    if (!p.ok) return badRequest<Reply>({ ok: false, errors: p.errors, values: p.values });
    const r = await addSynonymGroup(ctx, p.data.terms);
    return r.ok ? json<Reply>({ ok: true, done: "added" }) : badRequest<Reply>({ ok: false, errors: r.errors, values: { terms: String(form.get("terms") ?? "") } });
  }
  if (intent === "remove") {
    const p = parseForm(removeSynonymGroupSchema, form);
    if (!p.ok) return badRequest<Reply>({ ok: false, errors: p.errors });
    await removeSynonymGroup(ctx, p.data.id);
    return json<Reply>({ ok: true, done: "removed" });
  }
  notFound();
}

export default function Synonyms() {
  const { t } = useTranslation();
  const { groups } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  return (
    <div className="page">
      <p><Link to="/admin">{t("orgs:network.title")}</Link></p>
      <h1>{t("search:synonyms.heading")}</h1>
      <p>{t("search:synonyms.intro")}</p>
      <Done message={reply?.ok ? t(`search:synonyms.${reply.done ?? "added"}`) : null} />
      <ErrorSummary show={Boolean(reply && !reply.ok)} errors={reply?.ok ? undefined : { _form: Object.entries(reply?.errors ?? {}).filter(([k]) => k !== "terms").flatMap(([, v]) => v), ...(reply?.errors?.terms ? { terms: reply.errors.terms } : {}) }} labels={{ terms: t("search:synonyms.terms") }} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add" />
        <Field name="terms" label={t("search:synonyms.terms")} hint={t("search:synonyms.termsHint")} errors={reply?.errors?.terms}
          defaultValue={typeof reply?.values?.terms === "string" ? reply.values.terms : ""} maxLength={1000} />
        <button type="submit" className="button">{t("search:synonyms.add")}</button>
      </Form>
      {groups.length === 0 ? <p>{t("search:synonyms.none")}</p> : (
        <table className="member-table">
          <caption className="visually-hidden">{t("search:synonyms.heading")}</caption>
          <thead><tr><th scope="col">{t("search:synonyms.group")}</th><th scope="col"><span className="visually-hidden">{t("search:synonyms.remove")}</span></th></tr></thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <td>{g.terms.join(" ↔ ")}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="id" value={g.id} />
                    <button type="submit" className="button button-secondary" aria-label={`${t("search:synonyms.remove")}: ${g.terms.join(", ")}`}>{t("search:synonyms.remove")}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
