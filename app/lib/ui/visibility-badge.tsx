import type { TFunction } from "i18next";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Visibility } from "../viewer";

/**
 * Who may read an item, as stored: its visibility, the owning organisation's name and the names
 * of the organisations it is shared with (shared only applies to "organisation" visibility).
 */
export type Audience = { visibility: Visibility; orgName: string; sharedNames?: string[]; shared?: boolean };

/** The one level an audience is shown as: own organisation, chosen organisations, network, public. */
export type AudienceLevel = "organisation" | "chosen" | "network" | "public";

export function audienceLevel(a: Audience): AudienceLevel {
  if (a.visibility !== "organisation") return a.visibility;
  return (a.sharedNames?.length ?? 0) > 0 || a.shared ? "chosen" : "organisation";
}

/**
 * The one wording per level, used by every page and by the exports: "Bara Gävle kommun",
 * "Gävle kommun och utvalda organisationer: …", "Hela nätverket", "Offentlig".
 */
export function audienceText(t: TFunction, a: Audience): string {
  const level = audienceLevel(a);
  if (level === "chosen") {
    return a.sharedNames?.length
      ? t("lists:visibility.chosenNamed", { org: a.orgName, others: a.sharedNames.join(", ") })
      : t("lists:visibility.chosen", { org: a.orgName });
  }
  return level === "organisation" ? t("lists:visibility.organisation", { org: a.orgName }) : t(`lists:visibility.${level}`);
}

const TONE: Record<AudienceLevel, string> = { organisation: "badge-warn", chosen: "badge-warn", network: "badge-brand", public: "badge-ok" };

/** The visibility badge: a visible text naming the organisations, with "Vem kan läsa:" for screen readers. */
export function VisibilityBadge({ audience }: { audience: Audience }) {
  const { t } = useTranslation();
  const level = audienceLevel(audience);
  return (
    <span className={`badge visibility-badge ${TONE[level]}`} data-visibility={level}>
      <span className="visually-hidden">{t("lists:visibility.label")}: </span>
      {audienceText(t, audience)}
    </span>
  );
}

/**
 * A level's name where a visibility is chosen or named (the forms' radio labels, the move page):
 * the badge's words for that level, with `org` for the organisation ("Bara Gävle kommun").
 */
export function levelName(t: TFunction, level: AudienceLevel, org: string): string {
  const text = level === "organisation" || level === "chosen" ? t(`lists:visibility.${level}`, { org }) : t(`lists:visibility.${level}`);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The name of the organisation chosen in a form's <select id={selectId}>, for the level names.
 * The server cannot know what a visitor without JavaScript will choose, so with more than one
 * organisation it says `fallback` ("din organisation"); once JavaScript runs it follows the select.
 */
export function useChosenOrgName(selectId: string, orgs: { id: string; name: string }[], fallback: string): string {
  const [name, setName] = useState(orgs.length === 1 ? orgs[0].name : fallback);
  useEffect(() => {
    const select = document.getElementById(selectId) as HTMLSelectElement | null;
    if (!select) return;
    const sync = () => setName(orgs.find((o) => o.id === select.value)?.name ?? fallback);
    sync();
    select.addEventListener("change", sync);
    return () => select.removeEventListener("change", sync);
  }, [selectId, orgs, fallback]);
  return name;
}
