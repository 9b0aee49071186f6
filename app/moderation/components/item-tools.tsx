import { useSearchParams } from "@remix-run/react";
import { ConfirmAction } from "~/confirm/components/confirm-action";
import { useRootData } from "~/root";
import { useTranslation } from "react-i18next";
import { ActionForm, INTENT_FIELDS } from "./action-form";
import { FlagForm } from "./flag-form";

// Moderation tools shown beside a thread, post or case: the flag form for signed-in members;
// hide/restore, lock, pin, retag, edit, redact, best practice and outdated for moderators in
// scope. Every tool is a plain form posting to /flag or /mod/act, so it works without JS.
export type ItemToolsProps = {
  targetType: "thread" | "post" | "case";
  targetId: string;
  orgId: string;
  canModerate: boolean;
  signedIn: boolean;
  hidden?: boolean;
  locked?: boolean;
  redirectTo: string;
  /** Shown to the author (and moderators) of a hidden item. */
  hiddenReason?: string | null;
  /** The page already says that the item is hidden and why (no second banner here). */
  reasonShown?: boolean;
  /** The viewer wrote this item: they may ask for a new review when it is hidden. */
  isAuthor?: boolean;
  /** Current states, when the page knows them (otherwise both choices are offered). */
  bestPractice?: boolean;
  outdatedNote?: string | null;
  pinned?: boolean;
  /** Network admins get gallring (a confirm step with the decision); by default from the viewer's role (cosmetic). */
  canDispose?: boolean;
  /**
   * Offer flagging as a link to the /flag page instead of an inline form. Used where an item
   * repeats (every reply of a thread): one form per reply made a 100-reply page several times
   * heavier to send and to render. `which` names the item for screen readers ("Svar 76").
   */
  flagLink?: boolean;
  which?: string;
  /** The item (or its thread) was removed: nothing left to flag. */
  removed?: boolean;
};

type ToolProps = { intent: string; label: string; targetType: string; targetId: string; redirectTo: string; danger?: boolean };

/** An action with inputs folds behind its name (keeps long tool lists short, without CSS or JS). */
function Tool(props: ToolProps) {
  if (!(INTENT_FIELDS[props.intent] ?? []).length) return <ActionForm {...props} />;
  return (
    <details className="mod-tool">
      <summary>{props.label}</summary>
      <ActionForm {...props} />
    </details>
  );
}

export function ItemTools(p: ItemToolsProps) {
  const { t } = useTranslation("moderation");
  const [params] = useSearchParams();
  const key = `${p.targetType}-${p.targetId}`;
  const notice = params.get("modTarget") === key ? params.get("mod") : null;
  const common = { targetType: p.targetType, targetId: p.targetId, redirectTo: p.redirectTo };
  const curatable = p.targetType !== "post";
  const isThread = p.targetType === "thread";
  const canDispose = p.canDispose ?? Boolean(useRootData()?.viewer?.isNetworkAdmin);
  const show = (known: boolean | undefined, want: boolean) => known === undefined || known === want;
  return (
    <div className="item-tools">
      {notice ? <p className="notice" role="status">{notice === "moved" ? t("modtools:move.done") : notice === "merged" ? t("modtools:merge.done") : t(`done.${notice}`)}</p> : null}
      {p.hidden && p.isAuthor && !p.canModerate ? (
        <div className="notice notice-warn">
          <p>{p.reasonShown ? t("tools.requestReviewHint") : t("tools.hiddenForAuthor", { reason: p.hiddenReason ?? "" })}</p>
          <ActionForm intent="request_review" label={t("tools.requestReview")} {...common} />
        </div>
      ) : null}
      {p.hidden && p.canModerate && p.hiddenReason && !p.reasonShown ? <p className="notice notice-warn">{t("tools.hiddenBanner", { reason: p.hiddenReason })}</p> : null}
      <div className="item-tools-row">
        {p.signedIn && !p.isAuthor && !p.removed && p.flagLink ? (
          <a className="flag-link" href={`/flag?targetType=${p.targetType}&targetId=${p.targetId}&redirectTo=${encodeURIComponent(p.redirectTo)}`}>
            {t("tools.flag")}
            {p.which ? <span className="visually-hidden"> ({p.which})</span> : null}
          </a>
        ) : null}
        {p.signedIn && !p.isAuthor && !p.removed && !p.flagLink ? (
          <details className="mod-details">
            <summary>{t("tools.flag")}</summary>
            <FlagForm {...common} />
          </details>
        ) : null}
        {p.canModerate ? (
          <details className="mod-details">
            <summary>{t("tools.moderate")}</summary>
            <div className="mod-panel">
              {show(p.hidden, false) ? <Tool intent="hide" label={t("tools.hide")} {...common} /> : null}
              {show(p.hidden, true) ? <Tool intent="restore" label={t("tools.restore")} {...common} /> : null}
              <Tool intent="dismiss" label={t("tools.dismiss")} {...common} />
              {isThread && show(p.locked, false) ? <Tool intent="lock" label={t("tools.lock")} {...common} /> : null}
              {isThread && show(p.locked, true) ? <Tool intent="unlock" label={t("tools.unlock")} {...common} /> : null}
              {isThread && !p.removed ? (
                <p><a href={`/mod/move?targetId=${p.targetId}&redirectTo=${encodeURIComponent(p.redirectTo)}`}>{t("modtools:move.open")}</a></p>
              ) : null}
              {isThread && !p.removed ? (
                <p><a href={`/mod/merge?targetId=${p.targetId}&redirectTo=${encodeURIComponent(p.redirectTo)}`}>{t("modtools:merge.open")}</a></p>
              ) : null}
              {isThread ? (
                <p><a href={`/mod/pin?targetId=${p.targetId}&redirectTo=${encodeURIComponent(p.redirectTo)}`}>{t("modtools:pin.open")}</a></p>
              ) : null}
              {isThread && show(p.pinned, true) ? <Tool intent="unpin" label={t("tools.unpin")} {...common} /> : null}
              {isThread ? <Tool intent="retag" label={t("tools.retag")} {...common} /> : null}
              {curatable && show(p.bestPractice, false) ? <Tool intent="mark_best" label={t("tools.markBest")} {...common} /> : null}
              {curatable && show(p.bestPractice, true) ? <Tool intent="unmark_best" label={t("tools.unmarkBest")} {...common} /> : null}
              {curatable ? <Tool intent="mark_outdated" label={t("tools.markOutdated")} {...common} /> : null}
              {curatable && (p.outdatedNote === undefined || p.outdatedNote) ? <Tool intent="clear_outdated" label={t("tools.clearOutdated")} {...common} /> : null}
              <Tool intent="redact" label={t("tools.redact")} danger {...common} />
              <p>
                <a href={`/mod/edit?targetType=${p.targetType}&targetId=${p.targetId}&redirectTo=${encodeURIComponent(p.redirectTo)}`}>{t("tools.edit")}</a>
              </p>
            </div>
          </details>
        ) : null}
        {canDispose ? (
          <ConfirmAction kind="dispose" params={{ targetType: p.targetType, targetId: p.targetId }} className="link-button dispose-link">
            {t("tools.dispose")}
            {p.which ? <span className="visually-hidden"> ({p.which})</span> : null}
          </ConfirmAction>
        ) : null}
      </div>
    </div>
  );
}
