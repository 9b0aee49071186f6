import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { formatDateTime } from "~/lib/i18n/format";
import { Done } from "~/orgs/components/forms";
import { pageTitle } from "~/orgs/title.server";
import { listErasureRequests } from "~/privacy/erasure.server";
import accountCss from "~/styles/account.css";

// /admin/erasure: pending erasure requests (network admins; anyone else 404).
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const requests = await listErasureRequests(domainCtx(context));
  return json({ requests, title: pageTitle(context.locale, "privacy:erasure.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function ErasureRequests() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "sv";
  const { requests } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  return (
    <div className="page">
      <p><Link to="/admin">{t("orgs:network.title")}</Link></p>
      <h1>{t("privacy:erasure.title")}</h1>
      <p>{t("privacy:erasure.intro")}</p>
      <Done message={search.get("done") === "1" ? t("privacy:erasure.done") : null} />
      {requests.length === 0 ? <p>{t("privacy:erasure.none")}</p> : (
        <table className="member-table">
          <thead><tr><th scope="col">{t("privacy:erasure.colPerson")}</th><th scope="col">{t("privacy:erasure.colRequested")}</th><th scope="col">{t("privacy:erasure.colAction")}</th></tr></thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td>{r.name}<div className="meta">{r.email}{r.orgName ? ` · ${r.orgName}` : ""}</div></td>
                <td>{formatDateTime(r.requestedAt, locale)}</td>
                <td><Link to={`/admin/erasure/${r.id}`}>{t("privacy:erasure.open", { name: r.name })}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
