import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { blankSessionCookie, endSession } from "~/auth/lucia.server";

export async function action({ context }: ActionFunctionArgs) {
  if (context.sessionId) await endSession(context.sessionId);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export const loader = () => redirect("/");
