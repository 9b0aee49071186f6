import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Tillgänglighetsredogörelse · Allmänning" }];

export default function AccessibilityStatement() {
  const { t } = useTranslation();
  return (
    <article className="page prose">
      <h1>{t("a11y.title")}</h1>
      <p className="lead">{t("a11y.intro")}</p>
      <h2>{t("a11y.statusHeading")}</h2>
      <p>{t("a11y.status")}</p>
      <h2>{t("a11y.knownHeading")}</h2>
      <p>{t("a11y.known")}</p>
      <h2 id="rapportera">{t("a11y.reportHeading")}</h2>
      <p>{t("a11y.report")}</p>
      <h2>{t("a11y.supervisionHeading")}</h2>
      <p>{t("a11y.supervision")}</p>
      <p className="meta">{t("a11y.updated")}</p>
    </article>
  );
}
