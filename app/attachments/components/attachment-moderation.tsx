import { Form, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AttachmentView } from "../view";

// Moderators' tools for each file of a thread, reply or case: hide with a reason, show again,
// and redact (the content goes for good, after a confirm step on /mod/attachment). Plain forms
// posting to /mod/attachment, so they work without JavaScript. Rendered only for the parent's
// moderators; the route asks the policy again (anyone else gets 404).

/** Where a tool posts: the moderation route for one file, coming back to `redirectTo`. */
export const attachmentModAction = (publicId: string, redirectTo: string) =>
  `/mod/attachment?a=${encodeURIComponent(publicId)}&redirectTo=${encodeURIComponent(redirectTo)}`;

export function AttachmentModeration({ items, redirectTo }: { items: AttachmentView[]; redirectTo: string }) {
  const live = items.filter((a) => !a.deleted && !a.pending);
  if (live.length === 0) return null;
  return (
    <ul className="attachment-mod-list">
      {live.map((a) => <AttachmentTools key={a.publicId} a={a} redirectTo={redirectTo} />)}
    </ul>
  );
}

/**
 * The notice after a redaction. A redacted file is readable by nobody, so it is gone from every
 * list and its own tools can't carry the notice: the page shows it once, near its heading.
 */
export function AttachmentRedactedNotice() {
  const { t } = useTranslation("attachments");
  const [params] = useSearchParams();
  if (params.get("mod") !== "redacted" || !params.get("modTarget")?.startsWith("attachment-")) return null;
  return <p className="notice" role="status">{t("moderation.notices.redacted")}</p>;
}

function AttachmentTools({ a, redirectTo }: { a: AttachmentView; redirectTo: string }) {
  const { t } = useTranslation("attachments");
  const [params] = useSearchParams();
  const notice = params.get("modTarget") === `attachment-${a.publicId}` ? params.get("mod") : null;
  const name = a.title || a.filename;
  const action = attachmentModAction(a.publicId, redirectTo);
  const base = `att-mod-${a.publicId}`;
  return (
    <li id={base}>
      {notice && ["hidden", "restored"].includes(notice) ? <p className="notice" role="status">{t(`moderation.notices.${notice}`)}</p> : null}
      <details className="mod-details" open={Boolean(notice) || undefined}>
        <summary>{t("moderation.summary", { name })}</summary>
        <div className="mod-panel">
          {a.hidden ? (
            <Form method="post" action={action} className="mod-action">
              <p className="meta">{t("moderation.hiddenNow")}</p>
              <Hidden intent="restore" publicId={a.publicId} redirectTo={redirectTo} />
              <button type="submit" className="button button-secondary">{t("moderation.restore")}</button>
            </Form>
          ) : (
            <Form method="post" action={action} className="mod-action">
              <Hidden intent="hide" publicId={a.publicId} redirectTo={redirectTo} />
              <ReasonField id={`${base}-hide-reason`} />
              <button type="submit" className="button button-secondary">{t("moderation.hide")}</button>
            </Form>
          )}
          <Form method="post" action={action} className="mod-action">
            <Hidden intent="redact" publicId={a.publicId} redirectTo={redirectTo} />
            <ReasonField id={`${base}-redact-reason`} />
            <p className="hint" id={`${base}-redact-hint`}>{t("moderation.redactHint")}</p>
            <button type="submit" className="button button-danger" aria-describedby={`${base}-redact-hint`}>{t("moderation.redact")}</button>
          </Form>
        </div>
      </details>
    </li>
  );
}

export function Hidden({ intent, publicId, redirectTo }: { intent: string; publicId: string; redirectTo: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="publicId" value={publicId} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
    </>
  );
}

export function ReasonField({ id, defaultValue = "", error }: { id: string; defaultValue?: string; error?: string }) {
  const { t } = useTranslation("attachments");
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{t("moderation.reason")}</label>
      <p className="hint" id={`${id}-hint`}>{t("moderation.reasonHint")}</p>
      {error ? <p className="field-error" id={`${id}-error`}>{error}</p> : null}
      <input
        type="text" id={id} name="reason" required maxLength={500} defaultValue={defaultValue}
        aria-invalid={error ? true : undefined} aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
      />
    </div>
  );
}
