import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { retentionDays } from "~/lib/housekeeping.server";
import { pageTitle } from "~/orgs/title.server";

// The privacy notice (GDPR Art. 13/14), with the retention periods this installation applies.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const d = retentionDays();
  return json({
    retention: { sessions: d.RETENTION_SESSIONS_DAYS, flags: d.RETENTION_FLAGS_DAYS, rateLimits: d.RETENTION_RATE_LIMIT_DAYS, audit: d.RETENTION_AUDIT_DAYS },
    title: pageTitle(context.locale, "privacy:notice.title"),
  });
}

export default function PrivacyNotice() {
  const { t } = useTranslation();
  const { retention } = useLoaderData<typeof loader>();
  const section = (k: string, text?: string) => (
    <>
      <h2>{t(`privacy:notice.${k}Heading`)}</h2>
      <p>{text ?? t(`privacy:notice.${k}`)}</p>
    </>
  );
  return (
    <article className="page prose">
      <h1>{t("privacy:notice.title")}</h1>
      <p className="lead">{t("privacy:notice.intro")}</p>
      {section("who")}
      {section("what")}
      {section("why")}
      {section("records")}
      {section("retention", t("privacy:notice.retention", retention))}
      {section("rights")}
      <p><Link to="/settings/data">{t("privacy:notice.rightsLink")}</Link></p>
      {section("contact")}
    </article>
  );
}
