import type { TFunction } from "i18next";
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
