import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import { SubmissionField } from "~/lib/ui/submission-field";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createTagSchema } from "~/forum/schemas";
import { createTag, listTagsByArea } from "~/forum/tags.server";
import { TAG_AREAS } from "~/forum/types";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { canCreateTag } from "~/policy";
import forumCss from "~/styles/forum.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumCss }];
export const meta: MetaFunction = () => [{ title: "Taggar · Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const groups = await listTagsByArea(domainCtx(context));
  const canCreate = canCreateTag(context.viewer);
  return json({ groups, canCreate, submission: canCreate ? newSubmissionToken() : null });
}

type Failure = { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(createTagSchema, form);
  if (!parsed.ok) return badRequest<Failure>(parsed);
  const r = await createTag(domainCtx(context), parsed.data, { submission: submissionTokenFrom(form) });
  if (!r.ok) return badRequest<Failure>({ ok: false, errors: r.errors, values: formValues(form) });
  return redirect(`/tags/${r.slug}`, 303);
}

export default function Tags() {
  const { t, i18n } = useTranslation();
  const { groups, canCreate, submission } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const pending = useNavigation().state === "submitting";
  const en = i18n.language === "en";
  const v = failure?.values ?? {};
  const e = failure?.errors ?? {};
  return (
    <div className="page">
      <h1>{t("forum:tags.title")}</h1>
      <p className="lead">{t("forum:tags.intro")}</p>
      <div className="tag-areas">
        {groups.map((g) => (
          <section key={g.area} aria-labelledby={`area-${g.area}`} className="card tag-area">
            <h2 id={`area-${g.area}`}>{t(`forum:area.${g.area}`)}</h2>
            <ul className="tag-index">
              {g.tags.map((tag) => (
                <li key={tag.slug}>
                  <Link className="tag" to={`/tags/${tag.slug}`}>{en ? tag.nameEn : tag.nameSv}</Link>{" "}
                  <span className="meta">{t("forum:tags.count", { count: tag.threadCount })}</span>
                  {tag.description ? <p className="tag-desc">{tag.description}</p> : null}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {canCreate ? (
        <section aria-labelledby="create-tag" className="prose">
          <h2 id="create-tag">{t("forum:tags.create")}</h2>
          <ErrorSummary show={Boolean(failure)} errors={e} labels={{ nameSv: t("forum:tags.nameSv"), nameEn: t("forum:tags.nameEn"), slug: t("forum:tags.slug"), area: t("forum:tags.area"), description: t("forum:tags.description"), synonyms: t("forum:tags.synonymsLabel") }} />
          <Form method="post" className="stack" noValidate>
            <SubmissionField token={submission} />
            <Field name="nameSv" label={t("forum:tags.nameSv")} required maxLength={60} defaultValue={String(v.nameSv ?? "")} errors={e.nameSv} />
            <Field name="nameEn" label={t("forum:tags.nameEn")} required maxLength={60} defaultValue={String(v.nameEn ?? "")} errors={e.nameEn} />
            <Field name="slug" label={t("forum:tags.slug")} hint={t("forum:tags.slugHint")} required maxLength={60} defaultValue={String(v.slug ?? "")} errors={e.slug} />
            <div className={`field${e.area ? " field-invalid" : ""}`}>
              <label htmlFor="f-area">{t("forum:tags.area")}</label>
              {e.area ? <p className="field-error" id="f-area-error">{e.area.map((x) => t(x.key)).join(" ")}</p> : null}
              <select id="f-area" name="area" defaultValue={String(v.area ?? "")} aria-describedby={e.area ? "f-area-error" : undefined}>
                <option value="">–</option>
                {TAG_AREAS.map((a) => <option key={a} value={a}>{t(`forum:area.${a}`)}</option>)}
              </select>
            </div>
            <Field name="description" label={t("forum:tags.description")} maxLength={500} defaultValue={String(v.description ?? "")} errors={e.description} />
            <Field name="synonyms" label={t("forum:tags.synonymsLabel")} hint={t("forum:tags.synonymsHint")} defaultValue={String(v.synonyms ?? "")} errors={e.synonyms} />
            <SubmitButton pending={pending}>{t("forum:tags.createSubmit")}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
