import { AttachmentList } from "~/attachments/components/attachment-fields";
import { AttachmentModeration, AttachmentRedactedNotice } from "~/attachments/components/attachment-moderation";
import { attachmentsOf } from "~/attachments/attachments.server";
import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import { SubmissionField } from "~/lib/ui/submission-field";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { WatchForm } from "~/watching/components/watch-form";
import { myWatchLevel } from "~/watching/watching.server";
import { useTranslation } from "react-i18next";
import { VisibilityBadge } from "~/lib/ui/visibility-badge";
import { adoptionChoices, listAdoptions, recordAdoption, removeAdoption } from "~/cases/adoptions.server";
import { caseRevisions, deleteCase, getCase, viewerMay } from "~/cases/cases.server";
import { Adoptions } from "~/cases/components/adoptions";
import { KeyFacts } from "~/cases/components/key-facts";
import { todayIn } from "~/cases/dates";
import { caseDiscussion, ensureDiscussion, replyToCase } from "~/cases/discussion.server";
import { adoptionFormSchema } from "~/cases/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { formatDate, formatDateTime, formatNumber } from "~/lib/i18n/format";
import type { Locale } from "~/lib/i18n/resources";
import { badRequest, idFromParam, notFound, notFoundOrSignIn, requireViewer } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { Field, SubmitButton } from "~/lib/ui/field";
import { ItemTools } from "~/moderation/components/item-tools";
import { canRemoveAdoption } from "~/policy";
import casesCss from "~/styles/cases.css";
import attachmentsCss from "~/styles/attachments.css";
import moderationCss from "~/styles/moderation.css";
import { bodyRefused, readBody } from "~/lib/body.server";
import { RelatedItems } from "~/search/components/related-items";
import { ConfirmAction } from "~/confirm/components/confirm-action";
import { UndoNotice } from "~/confirm/components/undo-notice";
import { unconfirmed } from "~/confirm/require.server";
import confirmCss from "~/styles/confirm.css";

export { DeadEndBoundary as ErrorBoundary } from "~/lib/ui/dead-end";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: casesCss }, { rel: "stylesheet", href: moderationCss }, { rel: "stylesheet", href: attachmentsCss }, { rel: "stylesheet", href: confirmCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.c.title ?? ""} · Allmänning` },
  { name: "description", content: data?.c.summary ?? "" },
];

const LONG = ["problem", "approach", "outcomes", "evaluationMethod", "lessons", "humanOversight", "dataUsed", "reuseNeeds"] as const;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = idFromParam(params.caseId);
  const ctx = domainCtx(context);
  const c = await getCase(ctx, id);
  if (!c) notFoundOrSignIn(request, context.viewer);
  // As thread URLs do: a wrong or missing slug (an edited title, a hand-typed link) goes to the
  // canonical address, only after the read rule has let the viewer see the case.
  const canonical = `${c.id}-${c.slug}`;
  if (params.caseId !== canonical) throw redirect(`/cases/${canonical}${new URL(request.url).search}`, 301);
  const may = viewerMay(ctx.viewer, c);
  const scope = { orgId: c.org.id, visibility: c.visibility, sharedOrgIds: c.sharedOrgIds, state: c.state, hiddenAt: null, deletedAt: null };
  const [adoptions, choices, revisions, discussion] = await Promise.all([
    listAdoptions(ctx, id),
    adoptionChoices(ctx, id),
    may.edit ? caseRevisions(ctx, id) : Promise.resolve(null),
    caseDiscussion(ctx, c.discussionThreadId),
  ]);
  const html = Object.fromEntries(LONG.map((k) => [k, c[k] ? renderMarkdown(c[k]) : ""])) as Record<(typeof LONG)[number], string>;
  // Members' addresses are for members; signed-out readers see the functional mailbox.
  const contact = c.contact ? { ...c.contact, email: ctx.viewer ? c.contact.email : "" } : null;
  return json({
    c: { ...c, contact }, html, may, today: todayIn(ctx.now), choices, discussion, signedIn: Boolean(ctx.viewer),
    submission: ctx.viewer ? newSubmissionToken() : null,
    files: (await attachmentsOf(ctx, "case", [id])).get(id) ?? [],
    watch: ctx.viewer && c.state === "published" ? await myWatchLevel(ctx, "case", id) : null,
    adoptions: adoptions.map((a) => ({ ...a, canRemove: canRemoveAdoption(ctx.viewer, scope, { orgId: a.org.id, createdBy: a.createdBy }) })),
    revisions: revisions?.map((r) => ({ id: r.id, action: r.action, editorName: r.editorName, createdAt: r.createdAt })) ?? null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = idFromParam(params.caseId);
  const ctx = domainCtx(context);
  requireViewer(request, ctx.viewer);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { intent: String(body.form.get("intent") ?? "") });
  const form = body.form;
  const intent = String(form.get("intent") ?? "");
  const here = new URL(request.url).pathname;
  if (intent === "adopt") {
    const parsed = parseForm(adoptionFormSchema, form);
    if (!parsed.ok) return badRequest({ ...parsed, intent });
    const res = await recordAdoption(ctx, id, parsed.data, { submission: submissionTokenFrom(form) });
    if (!res) notFound();
    if (!res.ok) return badRequest({ ok: false as const, errors: res.errors, values: formValues(form), intent });
    return redirect(`${here}?adopted=1#adoptions-heading`);
  }
  if (intent === "removeAdoption") {
    const ask = unconfirmed(form, "removeAdoption", { caseId: id, adoptionId: String(form.get("adoption_id") ?? "") });
    if (ask) return ask;
    if (!(await removeAdoption(ctx, String(form.get("adoption_id") ?? "")))) notFound();
    return redirect(`${here}#adoptions-heading`);
  }
  if (intent === "reply") {
    const res = await replyToCase(ctx, id, String(form.get("body") ?? ""), { submission: submissionTokenFrom(form) });
    if (!res.ok) return badRequest({ ok: false as const, errors: res.errors, values: formValues(form), intent });
    return redirect(`${here}#discussion-heading`);
  }
  if (intent === "openDiscussion") {
    await ensureDiscussion(ctx, id);
    return redirect(`${here}#discussion-heading`);
  }
  if (intent === "delete") {
    const ask = unconfirmed(form, "deleteCase", { caseId: id });
    if (ask) return ask;
    if (!(await deleteCase(ctx, id))) notFound();
    return redirect(`/undo?undo=case-${id}`);
  }
  // An unknown intent still gives back what was typed (the reply box shows it).
  return badRequest({ ok: false as const, errors: { _form: [{ key: "form.invalid" }] } as FieldErrors, values: formValues(form), intent });
}

export default function CasePage() {
  const { t, i18n } = useTranslation();
  const l = i18n.language as Locale;
  const { c, html, may, today, choices, adoptions, revisions, discussion, signedIn, submission, watch, files } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const location = useLocation();
  const pendingIntent = nav.state === "submitting" ? String(nav.formData?.get("intent") ?? "") : "";
  const section = (key: (typeof LONG)[number], label: string) =>
    html[key] ? (
      <section aria-labelledby={`h-${key}`}>
        <h2 id={`h-${key}`}>{label}</h2>
        <div className="prose" dangerouslySetInnerHTML={{ __html: html[key] }} />
      </section>
    ) : null;
  return (
    <article className="page case-page">
      <p className="eyebrow">
        <Link to="/cases">{t("cases:title")}</Link> · {c.org.name}
      </p>
      <h1 lang={c.language !== l ? c.language : undefined}>{c.title}</h1>
      <p className="visibility"><VisibilityBadge audience={{ visibility: c.visibility, orgName: c.org.name, sharedNames: c.sharedOrgs.map((o) => o.name), shared: c.sharedOrgIds.length > 0 }} /></p>
      {watch ? <WatchForm targetType="case" targetId={c.id} level={watch.level} /> : null}
      <AttachmentRedactedNotice />
      {params.get("published") ? <p className="notice" role="status">{t("cases:page.publishedNow")}</p> : null}
      {params.get("saved") ? <p className="notice" role="status">{t("cases:page.saved")}</p> : null}
      <UndoNotice />
      {params.get("adopted") ? <p className="notice" role="status">{t("cases:adoptions.recorded")}</p> : null}
      {c.state === "draft" ? <p className="notice notice-warn">{t("cases:page.draft")}</p> : null}
      {c.hidden ? <p className="notice notice-warn">{t("cases:page.hidden", { reason: c.hiddenReason ?? "" })}</p> : null}
      {c.outdatedNote ? <p className="notice notice-warn">{t("cases:page.outdated", { note: c.outdatedNote })}</p> : null}
      {c.needsReview && (may.edit || may.moderate) ? (
        <p className="notice notice-warn needs-review">{t("cases:page.needsReview", { date: formatDate(c.reviewBy!, l) })}</p>
      ) : null}
      {c.summary ? <p className="lead" lang={c.language !== l ? c.language : undefined}>{c.summary}</p> : null}
      <div className="case-tools">
        {may.edit ? <Link to={`/cases/${c.id}-${c.slug}/edit`} className="button">{t("cases:edit")}</Link> : null}
        <ItemTools targetType="case" targetId={c.id} orgId={c.org.id} canModerate={may.moderate} signedIn={signedIn} hidden={c.hidden} redirectTo={location.pathname} />
      </div>

      <div className="two-col case-layout">
        <div className="case-main" lang={c.language !== l ? c.language : undefined}>
          <KeyFacts c={c} />
          {files.length ? <section aria-labelledby="s-files"><h2 id="s-files">{t("files:section")}</h2><AttachmentList items={files} />{may.moderate ? <AttachmentModeration items={files} redirectTo={location.pathname} /> : null}</section> : null}
          {section("problem", t("cases:fields.problem"))}
          {section("approach", t("cases:fields.approach"))}
          {section("outcomes", t("cases:fields.outcomes"))}
          {c.figures.length ? (
            <section aria-labelledby="h-figures">
              <h2 id="h-figures">{t("cases:page.figures")}</h2>
              <table className="figures">
                <thead><tr><th scope="col">{t("cases:fields.figureLabel")}</th><th scope="col">{t("cases:fields.figureValue")}</th><th scope="col">{t("cases:fields.figureUnit")}</th></tr></thead>
                <tbody>
                  {c.figures.map((f, i) => (
                    <tr key={i}><td>{f.label}</td><td className="num">{formatNumber(Number(f.value), l)}</td><td>{f.unit}</td></tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
          {section("evaluationMethod", t("cases:fields.evaluationMethod"))}
          {section("lessons", t("cases:fields.lessons"))}
          {section("humanOversight", t("cases:fields.humanOversight"))}
          {c.infoClassification ? (
            <section aria-labelledby="h-class"><h2 id="h-class">{t("cases:fields.infoClassification")}</h2><p>{c.infoClassification}</p></section>
          ) : null}
          {section("dataUsed", t("cases:fields.dataUsed"))}
          {section("reuseNeeds", t("cases:fields.reuseNeeds"))}
        </div>
        <aside className="sidebar">
          <RelatedItems text={c.title} exclude={`case:${c.id}`} cases />
          <section aria-labelledby="contact-heading">
            <h2 id="contact-heading">{t("cases:sections.contact").split(",")[0]}</h2>
            {c.contact ? (
              <p>
                <Link to={`/u/${c.contact.handle}`}>{c.contact.name}</Link>
                {c.contact.email ? <><br /><a href={`mailto:${c.contact.email}`}>{c.contact.email}</a></> : null}
              </p>
            ) : null}
            {c.functionalMailbox ? <p>{t("cases:fields.functionalMailbox")}: <a href={`mailto:${c.functionalMailbox}`}>{c.functionalMailbox}</a></p> : null}
          </section>
          {c.tags.length ? (
            <section aria-labelledby="tags-heading">
              <h2 id="tags-heading">{t("cases:page.tags")}</h2>
              <ul className="tags">
                {c.tags.map((tg) => <li key={tg.id}><Link className="tag" to={`/cases?tag=${tg.id}`}>{l === "en" ? tg.nameEn : tg.nameSv}</Link></li>)}
              </ul>
            </section>
          ) : null}
          {c.links.length ? (
            <section aria-labelledby="links-heading">
              <h2 id="links-heading">{t("cases:page.links")}</h2>
              <ul>{c.links.map((k, i) => <li key={i}><a href={k.url} rel="noopener noreferrer nofollow">{k.label}</a></li>)}</ul>
            </section>
          ) : null}
          {c.sourceThreadId ? <p><Link to={`/t/${c.sourceThreadId}`}>{t("cases:page.promotedFrom")}</Link></p> : null}
          {c.state === "published" ? (
            <Adoptions
              adoptions={adoptions} choices={choices} today={today} signedIn={signedIn} here={location.pathname}
              errors={failure?.intent === "adopt" ? (failure.errors as FieldErrors) : undefined} values={failure?.intent === "adopt" ? failure.values : undefined}
              pending={pendingIntent === "adopt"} submission={submission} caseId={c.id} canRemove={(a) => Boolean((a as { canRemove?: boolean }).canRemove)}
            />
          ) : null}
        </aside>
      </div>

      {c.state === "published" ? (
        <section aria-labelledby="discussion-heading" className="case-discussion">
          <h2 id="discussion-heading">{t("cases:discussion.heading")}</h2>
          {discussion ? (
            <>
              {discussion.posts.length ? (
                <ol className="list">
                  {discussion.posts.map((p) => (
                    <li key={p.id} className="case-post">
                      <p className="meta"><Link to={`/u/${p.author.handle}`}>{p.author.name}</Link> · {formatDateTime(p.createdAt, l)}</p>
                      {p.bodyHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: p.bodyHtml }} /> : null}
                    </li>
                  ))}
                </ol>
              ) : null}
              <p><Link to={`/t/${discussion.threadId}-${discussion.slug}`}>{t("cases:discussion.open")}</Link></p>
              {discussion.canReply ? (
                <Form method="post" className="stack" noValidate>
                  <input type="hidden" name="intent" value="reply" />
                  <SubmissionField token={submission} />
                  <Field name="body" label={t("cases:discussion.heading")} multiline rows={4} errors={failure && failure.intent !== "adopt" ? ((failure.errors as FieldErrors).body ?? (failure.errors as FieldErrors)._form) : undefined} defaultValue={failure && failure.intent !== "adopt" ? String((failure.values as Record<string, unknown>).body ?? "") : ""} />
                  <SubmitButton pending={pendingIntent === "reply"}>{t("cases:discussion.reply")}</SubmitButton>
                </Form>
              ) : null}
            </>
          ) : may.edit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="openDiscussion" />
              <SubmitButton pending={pendingIntent === "openDiscussion"} className="button button-secondary">{t("cases:discussion.start")}</SubmitButton>
            </Form>
          ) : (
            <p>{t("cases:discussion.none")}</p>
          )}
        </section>
      ) : null}

      {revisions ? (
        <details className="revisions">
          <summary>{t("cases:page.revisions")} ({t("cases:page.revisionCount", { count: revisions.length })})</summary>
          <ol>
            {revisions.map((r) => (
              <li key={r.id}>{t("cases:page.revisionBy", { action: r.action === "restore" ? t("confirm:undo.revision") : t(`cases:page.revisionAction.${r.action}`), name: r.editorName ?? "–", date: formatDateTime(r.createdAt, l) })}</li>
            ))}
          </ol>
        </details>
      ) : null}
      {may.edit ? (
        <p className="case-delete">
          <ConfirmAction kind="deleteCase" params={{ caseId: c.id }} className="button button-danger">{t("cases:delete")}</ConfirmAction>
        </p>
      ) : null}
    </article>
  );
}
