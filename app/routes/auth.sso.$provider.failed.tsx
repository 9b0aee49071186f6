import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { SsoFailure } from "~/sso/components/failure";
import { failureStatus } from "~/sso/http.server";
import { isSsoFailure } from "~/sso/types";

export const meta: MetaFunction = () => [{ title: "Allmänning" }];

// The clear page after a refused SAML response (the ACS redirects here; no session was started).
export function loader({ request }: LoaderFunctionArgs) {
  const reason = new URL(request.url).searchParams.get("reason");
  const failure = isSsoFailure(reason) ? reason : "tokenInvalid";
  return json({ failure }, { status: failureStatus(failure) });
}

export default function SsoFailed() {
  const { failure } = useLoaderData<typeof loader>();
  const { provider } = useParams();
  return <SsoFailure failure={failure} slug={provider} />;
}
