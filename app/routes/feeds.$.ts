import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { renderFeed } from "~/feeds/feeds.server";
import { domainCtx } from "~/lib/ctx.server";

// Every feed: /feeds/<name>.rss|atom, /feeds/tags/<slug>.…, /feeds/orgs/<slug>.…, and the same
// below /feeds/p/<secret>/ for a person's private feeds (README "Feeds"). Unknown → 404.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // The viewer is not used: public feeds are rendered signed out, private ones for their secret's owner.
  const { db, now } = domainCtx(context);
  const feed = await renderFeed({ db, now, locale: context.locale }, params["*"] ?? "", url.origin);
  if (!feed) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if ("redirect" in feed) return redirect(feed.redirect, 301);
  return new Response(feed.body, {
    headers: {
      "Content-Type": feed.contentType,
      // A private feed's URL is its key: never stored by a shared cache, never sent on as a referrer.
      "Cache-Control": feed.private ? "private, no-store" : "public, max-age=300",
      "Referrer-Policy": "no-referrer",
      Vary: "Accept-Language",
    },
  });
}
