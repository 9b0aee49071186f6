import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../lib/i18n/format";
import type { Locale } from "../../lib/i18n/resources";
import type { FieldError } from "../../lib/forms.server";
import { SubmitButton } from "../../lib/ui/field";
import { useContentLang } from "../../lib/ui/content-lang";
import { ItemTools } from "../../moderation/components/item-tools";
import { ConfirmAction } from "../../confirm/components/confirm-action";
import { useRootData } from "../../root";
import type { PostView } from "../types";
import { MarkdownField } from "./markdown-field";
import { Revisions } from "./revisions";

type Props = {
  post: PostView;
  orgId: string;
  threadPath: string;
  signedIn: boolean;
  locked: boolean;
  /** The thread was removed: its replies offer no flagging either. */
  threadRemoved?: boolean;
  errors?: Record<string, FieldError[]> | null;
  values?: Record<string, unknown> | null;
};

const threadIdOf = (path: string) => /^\/t\/(\d+)/.exec(path)?.[1] ?? "";

/** One reply with its permalink, votes, accept/edit/delete forms and moderation tools. */
export function PostCard({ post, orgId, threadPath, signedIn, locked, threadRemoved, errors, values }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const nav = useNavigation();
  const contentLang = useContentLang();
  const viewerId = useRootData()?.viewer?.id ?? null;
  const busy = (intent: string) => nav.state !== "idle" && nav.formData?.get("intent") === intent && nav.formData?.get("postId") === post.id;
  const n = post.number;
  const headingId = `p${n}-heading`;
  const which = t("forum:thread.answerNumber", { n });
  const tools = (
    <ItemTools
      targetType="post" targetId={post.id} orgId={orgId} canModerate={post.can.moderate} signedIn={signedIn} hidden={post.hidden} locked={locked}
      redirectTo={`${threadPath}#p${n}`} flagLink which={which} removed={threadRemoved || post.removed}
      hiddenReason={post.hiddenReason} reasonShown isAuthor={viewerId === post.author.id}
    />
  );
  return (
    <article id={`p${n}`} className={`post${post.accepted ? " post-accepted" : ""}${post.removed ? " post-removed" : ""}`} aria-labelledby={headingId}>
      <header className="post-header">
        <h3 id={headingId} className="post-heading">
          <a href={`#p${n}`} aria-label={t("forum:thread.permalink", { n })}>#{n}</a> <Link to={`/u/${post.author.handle}`}>{post.author.name}</Link>
        </h3>
        <p className="meta">
          <time dateTime={post.createdAt}>{formatDateTime(post.createdAt, locale)}</time>
          {post.updatedAt !== post.createdAt && post.revisions.length ? ` · ${t("forum:thread.edited", { date: formatDateTime(post.updatedAt, locale) })}` : ""}
        </p>
        {post.accepted ? <p className="badge badge-ok">{t("forum:thread.accepted")}</p> : null}
      </header>
      {post.hidden ? <p className="notice notice-warn">{post.hiddenReason ? t("forum:thread.hiddenReason", { reason: post.hiddenReason }) : t("forum:thread.hidden")}</p> : null}
      {post.removed ? (
        <p className="notice notice-warn">{post.bodyHtml !== null ? t("forum:thread.removedModNote") : t("forum:thread.removedPost")}</p>
      ) : null}
      {post.bodyHtml !== null ? <div className="prose post-body" lang={contentLang} dangerouslySetInnerHTML={{ __html: post.bodyHtml }} /> : null}
      <Revisions revisions={post.revisions} />
      {!post.removed ? (
        <div className="post-actions">
          <p className="meta votes">{t("forum:thread.votes", { count: post.votes })}</p>
          {post.can.vote ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="vote" />
              <input type="hidden" name="postId" value={post.id} />
              <input type="hidden" name="on" value={post.viewerVoted ? "0" : "1"} />
              <SubmitButton className="button button-secondary" pending={busy("vote")}>
                {post.viewerVoted ? t("forum:thread.unvote") : t("forum:thread.vote")}
                <Which label={which} />
              </SubmitButton>
            </Form>
          ) : null}
          {post.can.accept ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="postId" value={post.accepted ? "" : post.id} />
              <SubmitButton className="button button-secondary" pending={busy("accept")}>
                {post.accepted ? t("forum:thread.unaccept") : t("forum:thread.accept")}
                <Which label={which} />
              </SubmitButton>
            </Form>
          ) : null}
          {post.can.delete ? (
            <ConfirmAction kind="deletePost" params={{ threadId: threadIdOf(threadPath), postId: post.id }}>
              {t("forum:thread.delete")}
              <Which label={which} />
            </ConfirmAction>
          ) : null}
          {tools}
        </div>
      ) : (
        tools
      )}
      {post.can.edit ? (
        <details className="edit-box" open={Boolean(errors)}>
          <summary>{t("forum:thread.editPost", { n })}</summary>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="editPost" />
            <input type="hidden" name="postId" value={post.id} />
            <MarkdownField name="body" idSuffix={`-p${n}`} label={t("forum:thread.replyLabel")} rows={6} defaultValue={String(values?.body ?? post.bodyMd ?? "")} errors={errors?.body ?? errors?._form} />
            <div className="field">
              <label htmlFor={`f-reason-p${n}`}>{t("forum:thread.reason")}</label>
              <input id={`f-reason-p${n}`} type="text" name="reason" maxLength={300} defaultValue={String(values?.reason ?? "")} />
            </div>
            <SubmitButton pending={busy("editPost")}>{t("forum:thread.saveEdit")}</SubmitButton>
          </Form>
        </details>
      ) : null}
    </article>
  );
}

// Buttons repeat on every reply: a hidden suffix tells screen-reader users which one.
function Which({ label }: { label: string }) {
  return <span className="visually-hidden"> ({label})</span>;
}
