import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientIpOf } from "~/auth/tokens.server";
import { domainCtx } from "~/lib/ctx.server";
import { completeSignIn, readStateCookie, stateCookie } from "~/sso/signin.server";
import { SsoFailure } from "~/sso/components/failure";
import { failureStatus } from "~/sso/http.server";

export const meta: MetaFunction = () => [{ title: "Allmänning" }];

// The provider sends the browser back here with a code. A refusal shows a clear page and
// starts no session; a test run ("test this connection") shows the claims instead.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const slug = params.provider ?? "";
  const r = await completeSignIn(domainCtx(context), slug, {
    url: new URL(request.url),
    cookieState: readStateCookie(request.headers.get("cookie")),
    ip: clientIpOf(context),
    userAgent: request.headers.get("user-agent") ?? "",
  });
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", stateCookie(null));
  if (!r.ok) return json({ kind: "failure" as const, failure: r.failure }, { status: failureStatus(r.failure), headers });
  if (r.kind === "test") return json({ kind: "test" as const, claims: r.claims }, { headers });
  headers.append("Set-Cookie", r.setCookie);
  return redirect(r.redirectTo, { headers });
}

export default function SsoCallback() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { provider } = useParams();
  if (data.kind === "failure") return <SsoFailure failure={data.failure} slug={provider} />;
  return (
    <div className="page">
      <h1>{t("sso:admin.claimsTitle", { name: provider })}</h1>
      <p role="status">{t("sso:admin.claimsOk")}</p>
      <pre className="claims">{JSON.stringify(data.claims.raw, null, 2)}</pre>
    </div>
  );
}
