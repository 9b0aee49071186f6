import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { WatchForm } from "~/watching/components/watch-form";
import { myWatchLevel } from "~/watching/watching.server";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PinnedThreads, ThreadList } from "~/forum/components/thread-list";
import { mergeTagSchema, updateTagSchema } from "~/forum/schemas";
import { getTag, mergeTag, updateTag } from "~/forum/tags.server";
import { countThreads, listPinnedThreads, listThreads } from "~/forum/threads.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { badRequest, notFound } from "~/lib/http.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { canManageTags } from "~/policy";
import forumCss from "~/styles/forum.css";
import profilesCss from "~/styles/profiles.css";
import { TagExperts } from "~/profiles/components/tag-experts";
import { tagExperts } from "~/profiles/profiles.server";
import { bodyRefused, readBody } from "~/lib/body.server";
import { feedAlternates } from "~/feeds/alternate";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumCss }, { rel: "stylesheet", href: profilesCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.tag.nameSv} · Allmänning` : "Allmänning" },
  ...(data ? feedAlternates("tag", `Taggen ${data.tag.nameSv}`, data.tag.slug) : []),
];

const slugParam = z.string().regex(/^[a-z0-9-]{1,60}$/);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const slug = slugParam.safeParse(params.slug);
  if (!slug.success) notFound();
  const ctx = domainCtx(context);
  const found = await getTag(ctx, slug.data);
  if (!found) notFound();
  if (found.redirectTo) throw redirect(`/tags/${found.redirectTo}`, 301);
  const after = new URL(request.url).searchParams.get("after");
  const filters = { tags: [found.tag.slug] };
  const [page, total, pinned, experts] = await Promise.all([
    listThreads(ctx, filters, after),
    countThreads(ctx, filters),
    after ? Promise.resolve([]) : listPinnedThreads(ctx, found.tag.slug),
    after || !ctx.viewer ? Promise.resolve(null) : tagExperts(ctx, found.tag.slug),
  ]);
  const watch = ctx.viewer ? await myWatchLevel(ctx, "tag", found.tag.id) : null;
  return json({ tag: found.tag, page, total, pinned, isFirst: !after, canManage: canManageTags(context.viewer), watch, experts });
}

type Failure = { ok: false; intent: string; errors: FieldErrors; values: Record<string, string | string[]> };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const slug = slugParam.safeParse(params.slug);
  if (!slug.success) notFound();
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { intent: body.form.get("intent") === "merge" ? ("merge" as const) : ("update" as const) });
  const form = body.form;
  const intent = form.get("intent") === "merge" ? "merge" : "update";
  const ctx = domainCtx(context);
  const fail = (errors: FieldErrors) => badRequest<Failure>({ ok: false, intent, errors, values: formValues(form) });
  if (intent === "merge") {
    const parsed = parseForm(mergeTagSchema, form);
    if (!parsed.ok) return fail(parsed.errors);
    const r = await mergeTag(ctx, slug.data, parsed.data);
    return r.ok ? redirect(`/tags/${r.slug}`, 303) : fail(r.errors);
  }
  const parsed = parseForm(updateTagSchema, form);
  if (!parsed.ok) return fail(parsed.errors);
  const r = await updateTag(ctx, slug.data, parsed.data);
  return r.ok ? redirect(`/tags/${slug.data}`, 303) : fail(r.errors);
}

export default function TagPage() {
  const { t, i18n } = useTranslation();
  const { tag, page, total, pinned, isFirst, canManage, watch, experts } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const nav = useNavigation();
  const busy = (i: string) => nav.state === "submitting" && (nav.formData?.get("intent") ?? "update") === i;
  const name = i18n.language === "en" ? tag.nameEn : tag.nameSv;
  const e = (i: string) => (failure?.intent === i ? failure.errors : {});
  const v = (i: string) => (failure?.intent === i ? failure.values : {});
  return (
    <div className="page">
      <p className="eyebrow">{t(`forum:area.${tag.area}`)}</p>
      <h1>{t("forum:tags.threadsIn", { name })}</h1>
      {watch ? <WatchForm targetType="tag" targetId={tag.id} level={watch.level} firstPostOnly={watch.firstPostOnly} /> : null}
      {tag.description ? <p className="lead">{tag.description}</p> : null}
      {tag.synonyms.length ? <p className="meta">{t("forum:tags.synonyms", { list: tag.synonyms.join(", ") })}</p> : null}
      <p className="meta">{t("forum:threads.count", { count: total })}</p>
      <PinnedThreads items={pinned} />
      {page.items.length ? <ThreadList items={page.items} /> : <p>{t("forum:threads.empty")}</p>}
      <nav className="pagination" aria-label={t("forum:threads.listLabel")}>
        {!isFirst ? <Link to=".">{t("forum:threads.first")}</Link> : null}
        {page.next ? <Link to={`?after=${page.next}`}>{t("forum:threads.next")}</Link> : null}
        <Link to="/tags">{t("forum:tags.all")}</Link>
      </nav>
      {experts ? <TagExperts experts={experts} /> : null}
      {canManage ? (
        <details className="edit-box prose" open={Boolean(failure)}>
          <summary>{t("forum:tags.manage")}</summary>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="update" />
            <ErrorSummary show={failure?.intent === "update"} errors={e("update")} labels={{ nameSv: t("forum:tags.nameSv"), nameEn: t("forum:tags.nameEn"), description: t("forum:tags.description"), synonyms: t("forum:tags.synonymsLabel") }} />
            <Field name="nameSv" label={t("forum:tags.nameSv")} maxLength={60} defaultValue={String(v("update").nameSv ?? tag.nameSv)} errors={e("update").nameSv} />
            <Field name="nameEn" label={t("forum:tags.nameEn")} maxLength={60} defaultValue={String(v("update").nameEn ?? tag.nameEn)} errors={e("update").nameEn} />
            <Field name="description" label={t("forum:tags.description")} maxLength={500} defaultValue={String(v("update").description ?? tag.description)} errors={e("update").description} />
            <Field name="synonyms" label={t("forum:tags.synonymsLabel")} hint={t("forum:tags.synonymsHint")} defaultValue={String(v("update").synonyms ?? tag.synonyms.join(", "))} errors={e("update").synonyms} />
            <SubmitButton pending={busy("update")}>{t("forum:tags.save")}</SubmitButton>
          </Form>
          <h2>{t("forum:tags.merge")}</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="merge" />
            <ErrorSummary show={failure?.intent === "merge"} errors={e("merge")} labels={{ into: t("forum:tags.mergeInto") }} />
            <Field name="into" label={t("forum:tags.mergeInto")} hint={t("forum:tags.mergeHint")} defaultValue={String(v("merge").into ?? "")} errors={e("merge").into} />
            <SubmitButton pending={busy("merge")} className="button button-danger">{t("forum:tags.mergeSubmit")}</SubmitButton>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
