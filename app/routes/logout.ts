import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { blankSessionCookie, endSession } from "~/auth/lucia.server";
import { domainCtx } from "~/lib/ctx.server";
import { ssoLogoutUrl } from "~/sso/realm.server";

export async function action({ context }: ActionFunctionArgs) {
  // RP-initiated logout: a session started by an identity provider ends there too.
  const atProvider = context.sessionId ? await ssoLogoutUrl(domainCtx(context), context.sessionId) : null;
  if (context.sessionId) await endSession(context.sessionId);
  return redirect(atProvider ?? "/", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export const loader = () => redirect("/");
