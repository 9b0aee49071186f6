import { Form, useLocation } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { WatchLevel, WatchTarget } from "../types";

const LEVELS: WatchLevel[] = ["watching", "tracking", "normal", "muted"];

/** The watch-level control for a thread, tag, case or organisation page: a plain form, works without JavaScript. */
export function WatchForm({ targetType, targetId, level, firstPostOnly = false }: { targetType: WatchTarget; targetId: string; level: WatchLevel; firstPostOnly?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const location = useLocation();
  return (
    <Form method="post" action="/settings/notifications" className="watch-form" preventScrollReset>
      <input type="hidden" name="targetType" value={targetType} />
      <input type="hidden" name="targetId" value={targetId} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor={`${id}-level`}>{t("notifications:level.label")}</label>{" "}
      <select id={`${id}-level`} name="level" defaultValue={level}>
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {t(`notifications:level.${l}`)} – {t(`notifications:level.${l}Hint`)}
          </option>
        ))}
      </select>{" "}
      {targetType === "tag" || targetType === "org" ? (
        <label>
          <input type="checkbox" name="firstPostOnly" value="1" defaultChecked={firstPostOnly} /> {t("notifications:level.firstPostOnly")}
        </label>
      ) : null}{" "}
      <button type="submit" className="button button-secondary">{t("notifications:level.save")}</button>
    </Form>
  );
}
