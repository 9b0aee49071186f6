import { useTranslation } from "react-i18next";
import type { VisibilityInfo } from "../types";

/** Says in words who can read a thread; every reader sees it. */
export function VisibilityBadge({ access }: { access: VisibilityInfo }) {
  const { t } = useTranslation();
  const { visibility, org, sharedWith } = access;
  const text =
    visibility === "public" ? t("forum:badge.public")
    : visibility === "network" ? t("forum:badge.network")
    : sharedWith.length ? t("forum:badge.chosen", { org: org.name, others: sharedWith.map((o) => o.name).join(", ") })
    : t("forum:badge.organisation", { org: org.name });
  const tone = visibility === "organisation" ? "badge badge-warn" : visibility === "public" ? "badge badge-ok" : "badge badge-brand";
  return (
    <p className="visibility">
      <span className="visually-hidden">{t("forum:badge.label")}: </span>
      <span className={tone}>{text}</span>
    </p>
  );
}
