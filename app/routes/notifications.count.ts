import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { unreadCount } from "~/notifications/notifications.server";

// The bell's count: never cached anywhere, so a page served from the page cache still shows now's count.
export async function loader({ context }: LoaderFunctionArgs) {
  const unread = context.viewer ? await unreadCount(domainCtx(context)) : null;
  return json({ unread }, { headers: { "Cache-Control": "no-store" } });
}
