import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { badRequest, requireViewer } from "~/lib/http.server";
import { formatDateTime } from "~/lib/i18n/format";
import type { Locale } from "~/lib/i18n/resources";
import { pageTitle } from "~/orgs/title.server";
import { markNotificationsRead, myNotifications } from "~/notifications/notifications.server";
import type { NotificationGroup } from "~/notifications/types";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

const beforeSchema = z.string().regex(/^\d{1,18}$/).optional();
const actionSchema = z.union([
  z.object({ intent: z.literal("markAll") }),
  z.object({ intent: z.literal("markRead"), ids: z.string().regex(/^\d{1,18}(,\d{1,18}){0,99}$/) }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const before = beforeSchema.safeParse(new URL(request.url).searchParams.get("before") ?? undefined);
  const page = await myNotifications(domainCtx(context), before.success ? before.data : undefined);
  return json({ ...page, title: pageTitle(context.locale, "notifications:page.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireViewer(request, context.viewer);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const parsed = actionSchema.safeParse(Object.fromEntries(body.form));
  if (!parsed.success) return badRequest({ error: "notifications:errors.target" });
  const d = parsed.data;
  await markNotificationsRead(domainCtx(context), d.intent === "markAll" ? "all" : d.ids.split(","));
  return redirect("/notifications");
}

function GroupLine({ g }: { g: NotificationGroup }) {
  const { t, i18n } = useTranslation();
  const first = g.items[0];
  const d = first.data as { orgName?: string; reason?: string; name?: string };
  const text = g.available
    ? t(`notifications:kind.${g.kind}`, { count: g.kind === "helpful_vote" ? first.count : g.items.length, title: g.title ?? "", actor: first.actorName ?? "", org: d.orgName ?? "", name: d.name ?? "", context: d.reason })
    : t("notifications:page.unavailable");
  return (
    <li className={g.unread ? "unread" : undefined}>
      {g.unread ? <span className="badge">{t("notifications:page.unread")}</span> : null}
      {g.href ? <Link to={g.href}>{text}</Link> : <span>{text}</span>}
      <span className="meta">{formatDateTime(first.createdAt, i18n.language as Locale)}</span>
      {g.unread ? (
        <Form method="post">
          <input type="hidden" name="intent" value="markRead" />
          <input type="hidden" name="ids" value={g.items.map((i) => i.id).join(",")} />
          <button type="submit" className="link-button">{t("notifications:page.markOne")}</button>
        </Form>
      ) : null}
    </li>
  );
}

export default function Notifications() {
  const { groups, nextBefore } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const anyUnread = groups.some((g) => g.unread > 0);
  return (
    <div className="page">
      <h1>{t("notifications:page.title")}</h1>
      <p>
        <Link to="/settings/notifications">{t("notifications:page.settings")}</Link>
      </p>
      {anyUnread ? (
        <Form method="post">
          <input type="hidden" name="intent" value="markAll" />
          <button type="submit" className="button button-secondary">{t("notifications:page.markAll")}</button>
        </Form>
      ) : null}
      {groups.length ? (
        <ul className="notification-list">
          {groups.map((g) => <GroupLine key={g.key} g={g} />)}
        </ul>
      ) : (
        <p>{t("notifications:page.empty")}</p>
      )}
      {nextBefore ? <Link to={`/notifications?before=${nextBefore}`}>{t("notifications:page.older")}</Link> : null}
    </div>
  );
}
