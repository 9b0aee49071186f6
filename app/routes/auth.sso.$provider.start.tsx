import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData, useActionData, useParams } from "@remix-run/react";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { startSignIn } from "~/sso/signin.server";
import { SsoFailure } from "~/sso/components/failure";
import { failureStatus } from "~/sso/http.server";

export const meta: MetaFunction = () => [{ title: "Allmänning" }];

// Starts a sign-in at the organisation's provider: a POST from the sign-in page's buttons, a
// GET from links. The state cookie binds the coming callback to this browser.
async function start(request: Request, context: LoaderFunctionArgs["context"], slug: string, form?: FormData) {
  const url = new URL(request.url);
  const redirectTo = (form?.get("redirectTo") as string | null) ?? url.searchParams.get("redirectTo");
  const purpose = url.searchParams.get("test") === "1" ? ("test" as const) : ("login" as const);
  const r = await startSignIn(domainCtx(context), slug, { redirectTo, purpose });
  if (!r.ok) return json({ failure: r.failure }, { status: failureStatus(r.failure) });
  return redirect(r.location, { headers: { "Set-Cookie": r.setCookie, "Cache-Control": "no-store" } });
}

export const loader = ({ request, context, params }: LoaderFunctionArgs) => start(request, context, params.provider ?? "");
export const action = async ({ request, context, params }: ActionFunctionArgs) => {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  return start(request, context, params.provider ?? "", body.form);
};

export default function SsoStart() {
  const posted = useActionData<typeof action>();
  const loaded = useLoaderData<typeof loader>();
  const data = posted ?? loaded;
  const { provider } = useParams();
  return <SsoFailure failure={(data as { failure?: string })?.failure ?? "unknownProvider"} slug={provider} />;
}
