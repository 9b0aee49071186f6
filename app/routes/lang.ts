import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { LANG_COOKIE } from "~/lib/i18n/negotiate.server";
import { isLocale } from "~/lib/i18n/resources";
import { safeRedirect } from "~/lib/redirect";
import { setPreferredLocale } from "~/orgs/people.server";
import { domainCtx } from "~/lib/ctx.server";
import { bodyRefused, readBody } from "~/lib/body.server";

// The language switch: remembered in a cookie, and in the person's settings when signed in.
export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const lang = String(form.get("lang") ?? "");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLocale(lang)) return redirect(to);
  if (context.viewer) await setPreferredLocale(domainCtx(context), lang);
  return redirect(to, {
    headers: { "Set-Cookie": `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export const loader = () => redirect("/");
