import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { bodyRefused, readBody } from "~/lib/body.server";
import { clientIpOf } from "~/auth/tokens.server";
import { domainCtx } from "~/lib/ctx.server";
import { completeSamlSignIn } from "~/sso/signin.server";

// The assertion consumer service. The IdP's HTTP-POST binding lands here cross-site by nature
// (the signed, InResponseTo-bound response is the proof; see the CSRF exemption in
// app/lib/security.server.ts). A resource route, because Remix refuses cross-origin document
// actions. Success and refusal both answer with a 303: home signed in, the provider's page for an
// admin's test run, or the failure page.
export async function action({ request, context, params }: ActionFunctionArgs) {
  const slug = params.provider ?? "";
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const r = await completeSamlSignIn(domainCtx(context), slug, {
    samlResponse: String(form.get("SAMLResponse") ?? ""),
    relayState: String(form.get("RelayState") ?? ""),
    ip: clientIpOf(context),
    userAgent: request.headers.get("user-agent") ?? "",
  });
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (!r.ok) return redirect(`/auth/sso/${encodeURIComponent(slug)}/failed?reason=${r.failure}`, { status: 303, headers });
  if (r.kind === "login") headers.append("Set-Cookie", r.setCookie);
  return redirect(r.redirectTo, { status: 303, headers });
}

export const loader = () => redirect("/login");
