import { useRevalidator } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLiveState } from "./live-client";

/**
 * "N new posts – show" on an open thread page, live from the stream. Showing reloads the page's
 * data (not the page), so what was typed in the reply box stays. Without JavaScript: nothing
 * (a reload shows the current state).
 */
export function LiveThreadBanner({ threadId, seen }: { threadId: string; seen: number }) {
  const { t } = useTranslation();
  const live = useLiveState({ thread: threadId, seen });
  const revalidator = useRevalidator();
  const n = live?.newPosts ?? 0;
  return (
    <div className="live-banner" aria-live="polite">
      {n > 0 ? (
        <button type="button" className="button" onClick={() => revalidator.revalidate()} disabled={revalidator.state !== "idle"}>
          {t("notifications:live.newPosts", { count: n })}
        </button>
      ) : null}
    </div>
  );
}
