import { Fragment } from "react";
import { AttachmentFields, AttachmentList, type FileFieldState } from "~/attachments/components/attachment-fields";
import { attachmentsOf } from "~/attachments/attachments.server";
import { AttachmentModeration, AttachmentRedactedNotice } from "~/attachments/components/attachment-moderation";
import { attachmentInput, formLimits, pendingViews, readFormWithFiles } from "~/attachments/form.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PostCard } from "~/forum/components/post-card";
import { MarkdownField } from "~/forum/components/markdown-field";
import { MentionConfirm } from "~/notifications/components/mention-confirm";
import { Revisions } from "~/forum/components/revisions";
import { TagLinks } from "~/forum/components/tag-links";
import { VisibilityBadge } from "~/forum/components/visibility-badge";
import { getThreadPage, getThreadPageOrTombstone, mergedThreadPath } from "~/forum/page.server";
import { markThreadRead } from "~/forum/reads.server";
import { AnswerSortNav } from "~/forum/components/answer-sort";
import { deletePost, editPost, reply, vote } from "~/forum/posts.server";
import { acceptAnswer, setHaveQuestionToo, setWatching } from "~/forum/qa.server";
import { editPostSchema, editThreadSchema, replySchema } from "~/forum/schemas";
import { threadPath } from "~/forum/slug";
import { deleteThread, editThread } from "~/forum/threads.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { badRequest, idFromParam, notFound, notFoundOrSignIn } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import type { Locale } from "~/lib/i18n/resources";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { SubmissionField } from "~/lib/ui/submission-field";
import { useContentLang } from "~/lib/ui/content-lang";
import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import { ItemTools } from "~/moderation/components/item-tools";
import { caseForThread } from "~/cases/listing.server";
import { useRootData } from "~/root";
import { WatchForm } from "~/watching/components/watch-form";
import { LiveThreadBanner } from "~/notifications/components/live-thread";
import { RoutedNotice } from "~/routing/components/routed-notice";
import { routingNotice } from "~/routing/routing.server";
import forumCss from "~/styles/forum.css";
import attachmentsCss from "~/styles/attachments.css";
import moderationCss from "~/styles/moderation.css";
import { bodyRefused, readBody } from "~/lib/body.server";
import { RelatedItems } from "~/search/components/related-items";
import { ConfirmAction } from "~/confirm/components/confirm-action";
import { UndoNotice } from "~/confirm/components/undo-notice";
import { unconfirmed } from "~/confirm/require.server";
import confirmCss from "~/styles/confirm.css";

import { DeadEndBoundary } from "~/lib/ui/dead-end";
import { ThreadTombstone } from "~/forum/components/thread-tombstone";

/** A removed thread answers 410 with its tombstone; sign-in-to-see and the rest the dead-end pages. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 410) return <ThreadTombstone />;
  return <DeadEndBoundary />;
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumCss }, { rel: "stylesheet", href: moderationCss }, { rel: "stylesheet", href: attachmentsCss }, { rel: "stylesheet", href: confirmCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.thread.title} · Allmänning` : "Allmänning" }];

const answerSortSchema = z.enum(["votes", "oldest"]).optional().catch(undefined);

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = idFromParam(params.threadId);
  // A duplicate merged into another question: its address leads there (for those who may read it).
  const merged = await mergedThreadPath(domainCtx(context), id);
  if (merged) throw redirect(`${merged}${new URL(request.url).search}`, 301);
  const answerSort = answerSortSchema.parse(new URL(request.url).searchParams.get("svar") || undefined);
  const page = await getThreadPageOrTombstone(domainCtx(context), id, { answerSort });
  if (!page) notFoundOrSignIn(request, context.viewer);
  // A deleted thread: readers learn only that it was removed (410), never its title or replies.
  if (page === "tombstone") throw json({ message: "gone" }, { status: 410 });
  const canonical = `${page.thread.id}-${page.thread.slug}`;
  // The query string survives (a moderator's "done" notice rides on it).
  if (params.threadId !== canonical) throw redirect(`${threadPath(page.thread)}${new URL(request.url).search}`, 301);
  // The read rule has passed: remember what this reader was shown (lists' "N nya svar").
  await markThreadRead(domainCtx(context), page);
  const promotedCase = page.thread.kind === "question" ? await caseForThread(domainCtx(context), page.thread.id) : null;
  // getThreadPage has applied the read rule: whoever reads the question sees that it was routed.
  const routed = page.thread.kind === "question" ? await routingNotice(domainCtx(context), page.thread.id) : null;
  const viewer = context.viewer;
  // Promotion itself checks the rules; offer it to ambassadors and above on solved questions.
  const canOfferPromote =
    page.thread.kind === "question" && Boolean(page.accepted) && !promotedCase &&
    Boolean(viewer?.memberships.some((m) => m.role !== "member"));
  // A new token per rendering of the reply form (the page cache keys on page_rev, which a reply moves).
  // Files go through their own read rule (the parent's, then the file's state).
  const ctx = domainCtx(context);
  const threadFiles = (await attachmentsOf(ctx, "thread", [page.thread.id])).get(page.thread.id) ?? [];
  const postFiles = Object.fromEntries(await attachmentsOf(ctx, "post", [...page.posts.map((p) => p.id), ...(page.accepted ? [page.accepted.id] : [])]));
  return json({ ...page, signedIn: Boolean(viewer), promotedCase, canOfferPromote, routed, submission: viewer ? newSubmissionToken() : null, threadFiles, postFiles, fileLimits: formLimits() });
}

const idField = z.string().regex(/^\d{1,18}$/);
const intentSchema = z.object({ intent: z.enum(["reply", "editThread", "deleteThread", "editPost", "deletePost", "accept", "vote", "haveToo", "watch"]) });

type Failure = { ok: false; intent: string; postId: string | null; errors: FieldErrors; values: Record<string, string | string[]> } & Omit<FileFieldState, "errors">;

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = idFromParam(params.threadId);
  const ctx = domainCtx(context);
  const body = await readFormWithFiles(ctx, request);
  if (!body.ok) {
    const salvagedPost = idField.safeParse(body.form.get("postId"));
    return json({ ...body.failure, intent: String(body.form.get("intent") ?? "unknown"), postId: salvagedPost.success ? salvagedPost.data : null }, { status: body.status });
  }
  const form = body.form;
  const values = formValues(form);
  const postId = idField.safeParse(form.get("postId")).success ? String(form.get("postId")) : null;
  const pendingFiles = await pendingViews(ctx, form);
  const fail = (intent: string, errors: FieldErrors) => badRequest<Failure>({ ok: false, intent, postId, errors, values, pendingFiles, fileErrors: body.fileErrors });
  const intent = intentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) return fail("unknown", { _form: [{ key: "form.invalid" }] });
  const back = async (anchor = "") => {
    const page = await getThreadPage(ctx, id);
    return redirect(page ? `${threadPath(page.thread)}${anchor}` : "/threads", 303);
  };
  const on = form.get("on") !== "0";
  switch (intent.data.intent) {
    case "reply": {
      const parsed = parseForm(replySchema, form);
      if (!parsed.ok) return fail("reply", parsed.errors);
      if (body.fileErrors.length) return fail("reply", {});
      const r = await reply(ctx, id, parsed.data, { submission: submissionTokenFrom(form), confirmMentions: form.get("confirmMentions") === "1", attachments: attachmentInput(form) });
      return r.ok ? back(`#p${r.number}`) : fail("reply", r.errors);
    }
    case "editThread": {
      const parsed = parseForm(editThreadSchema, form);
      if (!parsed.ok) return fail("editThread", parsed.errors);
      const r = await editThread(ctx, id, parsed.data);
      return r.ok ? back() : fail("editThread", r.errors);
    }
    case "deleteThread": {
      const ask = unconfirmed(form, "deleteThread", { threadId: id });
      if (ask) return ask;
      const r = await deleteThread(ctx, id);
      // The thread page may now be a tombstone for its author: the undo step has a page of its own.
      return r.ok ? redirect(`/undo?undo=thread-${id}`, 303) : fail("deleteThread", r.errors);
    }
    case "editPost": {
      const parsed = parseForm(editPostSchema, form);
      if (!parsed.ok || !postId) return fail("editPost", parsed.ok ? { _form: [{ key: "forum:errors.postMissing" }] } : parsed.errors);
      const r = await editPost(ctx, postId, parsed.data);
      return r.ok ? back() : fail("editPost", r.errors);
    }
    case "deletePost": {
      if (!postId) return fail("deletePost", { _form: [{ key: "forum:errors.postMissing" }] });
      const ask = unconfirmed(form, "deletePost", { threadId: id, postId });
      if (ask) return ask;
      const r = await deletePost(ctx, postId);
      return r.ok ? back(`?undo=post-${postId}`) : fail("deletePost", r.errors);
    }
    case "accept": {
      const r = await acceptAnswer(ctx, id, postId);
      return r.ok ? back() : fail("accept", r.errors);
    }
    case "vote": {
      if (!postId) return fail("vote", { _form: [{ key: "forum:errors.postMissing" }] });
      const r = await vote(ctx, postId, on);
      return r.ok ? back() : fail("vote", r.errors);
    }
    case "haveToo": {
      const r = await setHaveQuestionToo(ctx, id, on);
      return r.ok ? back() : fail("haveToo", r.errors);
    }
    case "watch": {
      const r = await setWatching(ctx, id, on);
      return r.ok ? back() : fail("watch", r.errors);
    }
  }
}

export default function ThreadPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { thread, accepted, posts, answerSort, signedIn, promotedCase, canOfferPromote, submission, routed, threadFiles, postFiles, fileLimits } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const replyFailure = failure?.intent === "reply" ? failure : undefined;
  const nav = useNavigation();
  const viewerId = useRootData()?.viewer?.id ?? null;
  const path = threadPath(thread);
  const busy = (intent: string) => nav.state !== "idle" && nav.formData?.get("intent") === intent;
  const errorsFor = (intent: string, postId: string | null = null) =>
    failure && failure.intent === intent && failure.postId === postId ? failure.errors : null;
  const valuesFor = (intent: string, postId: string | null = null) =>
    failure && failure.intent === intent && failure.postId === postId ? failure.values : null;
  const pageLevel = failure && !["reply", "editThread", "editPost"].includes(failure.intent) ? failure.errors._form : undefined;
  const answerCount = posts.length + (accepted ? 1 : 0);
  const contentLang = useContentLang();
  return (
    <div className="page thread-page">
      <article className="thread" aria-labelledby="thread-title">
        <header>
          <p className="thread-badges">
            <span className="badge">{t(`forum:kind.${thread.kind}`)}</span>
            {thread.kind === "question" ? (
              accepted ? <span className="badge badge-ok">{t("forum:threads.solved")}</span> : <span className="badge badge-warn">{t("forum:threads.unsolved")}</span>
            ) : null}
            {thread.bestPractice ? <span className="badge badge-brand">{t("moderation:bestPractice.badge")}</span> : null}
          </p>
          <h1 id="thread-title" lang={contentLang}>{thread.title}</h1>
          <VisibilityBadge access={thread.access} />
          <p className="meta">
            {t(thread.kind === "question" ? "forum:thread.asked" : "forum:thread.started", { date: formatDateTime(thread.createdAt, locale) })}{" "}
            <Link to={`/u/${thread.author.handle}`}>{thread.author.name}</Link> {t("forum:thread.in")}{" "}
            <Link to={`/orgs/${thread.access.org.slug}`}>{thread.access.org.name}</Link>
            {thread.revisions.length ? ` · ${t("forum:thread.edited", { date: formatDateTime(thread.updatedAt, locale) })}` : ""}
          </p>
          <TagLinks tags={thread.tags} />
        </header>
        <ErrorSummary show={Boolean(pageLevel)} errors={pageLevel} />
        <AttachmentRedactedNotice />
        <UndoNotice />
        {thread.hidden ? <p className="notice notice-warn">{thread.hiddenReason ? t("forum:thread.hiddenReason", { reason: thread.hiddenReason }) : t("forum:thread.hidden")}</p> : null}
        {thread.removed ? <p className="notice notice-warn">{thread.bodyHtml !== null ? t("modtools:tombstone.modNote") : t("forum:thread.removedPost")}</p> : null}
        {thread.locked ? <p className="notice">{t("forum:thread.locked")}</p> : null}
        {thread.bestPractice?.note ? (
          <p className="notice">
            <strong>{t("moderation:bestPractice.badge")}:</strong> {thread.bestPractice.note}
          </p>
        ) : null}
        {thread.outdatedNote ? <p className="notice notice-warn">{t("forum:thread.outdated", { note: thread.outdatedNote })}</p> : null}
        {promotedCase ? (
          <p className="notice">
            {t("forum:thread.promotedTo")} <Link to={`/cases/${promotedCase.id}-${promotedCase.slug}`}>{promotedCase.title}</Link>
          </p>
        ) : null}
        {routed && !accepted ? <RoutedNotice count={routed.count} tags={routed.tags} /> : null}
        {canOfferPromote ? (
          <p><Link to={`/cases/promote/${thread.id}`}>{t("forum:thread.promote")}</Link></p>
        ) : null}
        {thread.bodyHtml !== null ? <div className="prose post-body thread-body" lang={contentLang} dangerouslySetInnerHTML={{ __html: thread.bodyHtml }} /> : null}
        <AttachmentList items={threadFiles} />
        {thread.can.moderate ? <AttachmentModeration items={threadFiles} redirectTo={path} /> : null}
        <Revisions revisions={thread.revisions} />
        <div className="post-actions">
          {thread.kind === "question" && thread.followerCount > 0 ? <p className="meta">{t("forum:thread.haveTooCount", { count: thread.followerCount })}</p> : null}
          {thread.can.follow ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="haveToo" />
              <input type="hidden" name="on" value={thread.viewer.following ? "0" : "1"} />
              <SubmitButton className="button button-secondary" pending={busy("haveToo")}>
                {thread.viewer.following ? t("forum:thread.haveTooOn") : t("forum:thread.haveToo")}
              </SubmitButton>
            </Form>
          ) : null}
          {thread.can.watch ? <WatchForm targetType="thread" targetId={thread.id} level={thread.viewer.watchLevel} /> : null}
          {thread.can.move && !thread.can.moderate ? (
            <p><Link to={`/mod/move?targetId=${thread.id}&redirectTo=${encodeURIComponent(path)}`}>{t("modtools:move.open")}</Link></p>
          ) : null}
          {thread.can.delete ? <ConfirmAction kind="deleteThread" params={{ threadId: thread.id }}>{t("forum:thread.deleteThread")}</ConfirmAction> : null}
          <ItemTools
            targetType="thread" targetId={thread.id} orgId={thread.access.org.id} canModerate={thread.can.moderate} signedIn={signedIn} redirectTo={path}
            hidden={thread.hidden} hiddenReason={thread.hiddenReason} reasonShown locked={thread.locked} pinned={thread.pinned}
            bestPractice={Boolean(thread.bestPractice)} outdatedNote={thread.outdatedNote} isAuthor={viewerId === thread.author.id}
            removed={thread.removed}
          />
        </div>
        {thread.can.edit ? (
          <details className="edit-box" open={Boolean(errorsFor("editThread"))}>
            <summary>{t("forum:thread.editThread")}</summary>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="editThread" />
              <ErrorSummary show={Boolean(errorsFor("editThread"))} errors={errorsFor("editThread")?._form} />
              <Field name="title" label={t("forum:new.titleLabel")} hint={t("forum:new.titleHint")} maxLength={150} defaultValue={String(valuesFor("editThread")?.title ?? thread.title)} errors={errorsFor("editThread")?.title} />
              <MarkdownField name="body" idSuffix="-thread" label={t("forum:new.body")} defaultValue={String(valuesFor("editThread")?.body ?? thread.bodyMd ?? "")} errors={errorsFor("editThread")?.body} />
              <Field name="reason" label={t("forum:thread.reason")} maxLength={300} defaultValue={String(valuesFor("editThread")?.reason ?? "")} errors={errorsFor("editThread")?.reason} />
              <SubmitButton pending={busy("editThread")}>{t("forum:thread.saveEdit")}</SubmitButton>
            </Form>
          </details>
        ) : null}
      </article>

      {accepted ? (
        <section aria-labelledby="accepted-heading" className="accepted-answer">
          <h2 id="accepted-heading">{t("forum:thread.accepted")}</h2>
          <PostCard post={accepted} orgId={thread.access.org.id} threadPath={path} signedIn={signedIn} locked={thread.locked} threadRemoved={thread.removed} errors={errorsFor("editPost", accepted.id)} values={valuesFor("editPost", accepted.id)} />
          <AttachmentList items={postFiles[accepted.id] ?? []} />
          {thread.can.moderate ? <AttachmentModeration items={postFiles[accepted.id] ?? []} redirectTo={`${path}#p${accepted.number}`} /> : null}
        </section>
      ) : null}

      <section aria-labelledby="answers-heading" className="answers">
        {/* The accepted answer has its own section above: this heading counts what is listed under it. */}
        <h2 id="answers-heading">{accepted ? t("ux:thread.otherAnswers", { count: posts.length }) : t("forum:thread.answers", { count: answerCount })}</h2>
        {answerCount === 0 ? <p className="meta">{t("forum:thread.noAnswers")}</p> : null}
        {posts.length > 1 ? <AnswerSortNav path={path} current={answerSort} accepted={Boolean(accepted)} /> : null}
        {accepted && posts.length === 0 ? <p className="meta">{t("ux:thread.noOtherAnswers")}</p> : null}
        {answerCount > 5 ? <p className="jump-link"><a href="#reply-heading">{t("ux:thread.jumpToReply")}</a></p> : null}
        <LiveThreadBanner threadId={thread.id} seen={Math.max(0, accepted?.number ?? 0, ...posts.map((p) => p.number))} />
        {posts.map((p) => (
          <Fragment key={p.id}>
            <PostCard post={p} orgId={thread.access.org.id} threadPath={path} signedIn={signedIn} locked={thread.locked} threadRemoved={thread.removed} errors={errorsFor("editPost", p.id)} values={valuesFor("editPost", p.id)} />
            <AttachmentList items={postFiles[p.id] ?? []} />
            {thread.can.moderate ? <AttachmentModeration items={postFiles[p.id] ?? []} redirectTo={`${path}#p${p.number}`} /> : null}
          </Fragment>
        ))}
      </section>

      <RelatedItems text={thread.title} exclude={`thread:${thread.id}`} />

      {/* A removed thread (seen whole only by its moderators) has no reply box at all. */}
      {thread.removed ? null : <section aria-labelledby="reply-heading" className="reply-box">
        <h2 id="reply-heading" tabIndex={-1}>{t("forum:thread.replyHeading")}</h2>
        {thread.can.reply ? (
          <Form key={answerCount} method="post" className="stack" noValidate preventScrollReset encType="multipart/form-data">
            <input type="hidden" name="intent" value="reply" />
            <SubmissionField token={submission} />
            <ErrorSummary show={Boolean(errorsFor("reply"))} errors={errorsFor("reply")?._form} />
            <MarkdownField name="body" label={t("forum:thread.replyLabel")} hint={t("forum:new.bodyHint")} rows={6} defaultValue={String(valuesFor("reply")?.body ?? "")} errors={errorsFor("reply")?.body} mentionThreadId={thread.id} />
            <MentionConfirm errors={errorsFor("reply")} />
            <AttachmentFields limits={fileLimits} pendingFiles={replyFailure?.pendingFiles} fileErrors={replyFailure?.fileErrors} errors={errorsFor("reply")?.files} />
            <SubmitButton pending={busy("reply")}>{t("forum:thread.replySubmit")}</SubmitButton>
          </Form>
        ) : thread.locked ? (
          <p className="notice">{t("forum:thread.locked")}</p>
        ) : !signedIn ? (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(path)}`}>{t("forum:thread.replySignIn")}</Link>
          </p>
        ) : null}
      </section>}
    </div>
  );
}
