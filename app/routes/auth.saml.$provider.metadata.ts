import type { LoaderFunctionArgs } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { providerMetadata } from "~/sso/realm.server";

// The service provider's SAML metadata at a stable URL, for the federation or the IdP admin.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const xml = await providerMetadata(domainCtx(context), params.provider ?? "");
  if (!xml) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(xml, { headers: { "Content-Type": "application/samlmetadata+xml; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
