import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { blankSessionCookie } from "~/auth/lucia.server";
import { passwordChangeSchema, sessionIdSchema, settingsSchema } from "~/auth/schemas";
import { changePassword, endAllMySessions, endMySession, listMySessions } from "~/auth/sessions.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { formatDateTime } from "~/lib/i18n/format";
import { badRequest, notFound, requireViewer } from "~/lib/http.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { Done, SelectField } from "~/orgs/components/forms";
import { getSettings, updateSettings } from "~/orgs/people.server";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const ctx = domainCtx(context);
  const [settings, sessions] = await Promise.all([getSettings(ctx), listMySessions(ctx, context.sessionId)]);
  return json({ settings, sessions, title: pageTitle(context.locale, "account:settings.title") });
}

type Reply = { intent: string; ok: boolean; errors?: FieldErrors; values?: Record<string, string | string[]>; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.viewer) throw redirect("/login");
  const ctx = domainCtx(context);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { intent: String(body.form.get("intent") ?? "") });
  const form = body.form;
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: FieldErrors) => badRequest<Reply>({ intent, ok: false, errors, values: formValues(form) });
  if (intent === "profile") {
    const p = parseForm(settingsSchema, form);
    if (!p.ok) return fail(p.errors);
    const r = await updateSettings(ctx, p.data);
    return r.ok ? json<Reply>({ intent, ok: true, done: "account:settings.saved" }) : fail(r.errors);
  }
  if (intent === "password") {
    const p = parseForm(passwordChangeSchema, form);
    if (!p.ok) return fail(p.errors);
    const r = await changePassword(ctx, p.data, context.sessionId);
    return r.ok ? json<Reply>({ intent, ok: true, done: "account:settings.passwordChanged" }) : fail(r.errors);
  }
  if (intent === "endSession") {
    const p = parseForm(sessionIdSchema, form);
    if (!p.ok) return fail(p.errors);
    await endMySession(ctx, p.data.sessionId);
    if (p.data.sessionId === context.sessionId) return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie() } });
    return json<Reply>({ intent, ok: true, done: "account:settings.sessionEnded" });
  }
  if (intent === "endAll") {
    await endAllMySessions(ctx);
    return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie() } });
  }
  notFound();
}

function device(ua: string, unknown: string): string {
  if (!ua) return unknown;
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrom(e|ium)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : null;
  const os = /Windows/.test(ua) ? "Windows" : /iPhone|iPad/.test(ua) ? "iOS" : /Android/.test(ua) ? "Android" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : null;
  return [browser, os].filter(Boolean).join(", ") || ua.slice(0, 60);
}

export default function Settings() {
  const { t, i18n } = useTranslation();
  const { settings, sessions } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const [search] = useSearchParams();
  const nav = useNavigation();
  const busy = (intent: string) => nav.state === "submitting" && nav.formData?.get("intent") === intent;
  const locale = i18n.language === "en" ? "en" : "sv";
  const failed = (intent: string) => (reply?.intent === intent && !reply.ok ? reply : undefined);
  const profile = failed("profile");
  const password = failed("password");
  const pv = profile?.values ?? {};
  const done = reply?.ok && reply.done ? t(reply.done) : search.get("done") === "password" ? t("account:reset.doneTitle") : null;
  return (
    <div className="page narrow">
      <h1>{t("account:settings.title")}</h1>
      <p className="meta">{t("account:settings.account", { email: settings.email })} <Link to={`/u/${settings.handle}`}>{t("account:settings.viewProfile")}</Link></p>
      <ul className="settings-links">
        <li><Link to="/settings/data">{t("privacy:data.title")}</Link></li>
        <li><Link to="/settings/tokens">{t("api:tokens.settingsLink")}</Link></li>
        <li><Link to="/settings/feeds">{t("feeds:settings.link")}</Link></li>
      </ul>
      <Done message={done} />

      <section aria-labelledby="profile-heading" className="settings-section">
        <h2 id="profile-heading">{t("account:settings.profileHeading")}</h2>
        <ErrorSummary show={Boolean(profile)} errors={profile?.errors} labels={{ name: t("account:settings.name"), title: t("account:settings.jobTitle"), locale: t("account:settings.language"), primaryOrgId: t("account:settings.primaryOrg") }} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <Field name="name" label={t("account:settings.name")} autoComplete="name" required maxLength={100} defaultValue={String(pv.name ?? settings.name)} errors={profile?.errors?.name} />
          <Field name="title" label={t("account:settings.jobTitle")} hint={t("account:settings.jobTitleHint")} maxLength={120} defaultValue={String(pv.title ?? settings.title)} errors={profile?.errors?.title} />
          <SelectField name="locale" label={t("account:settings.language")} defaultValue={String(pv.locale ?? settings.locale)} errors={profile?.errors?.locale}
            options={[{ value: "", label: t("account:settings.languageAuto") }, { value: "sv", label: "Svenska" }, { value: "en", label: "English" }]} />
          <SelectField name="primaryOrgId" label={t("account:settings.primaryOrg")} hint={t("account:settings.primaryOrgHint")} defaultValue={String(pv.primaryOrgId ?? settings.primaryOrgId)} errors={profile?.errors?.primaryOrgId}
            options={settings.orgs.map((o) => ({ value: o.id, label: o.name }))} />
          <SubmitButton pending={busy("profile")}>{t("account:settings.save")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="password-heading" className="settings-section">
        <h2 id="password-heading">{t("account:settings.passwordHeading")}</h2>
        <ErrorSummary show={Boolean(password)} errors={password?.errors} labels={{ currentPassword: t("account:settings.currentPassword"), newPassword: t("account:settings.newPassword") }} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="password" />
          <input type="hidden" name="username" value={settings.email} autoComplete="username" />
          <Field name="currentPassword" type="password" label={t("account:settings.currentPassword")} autoComplete="current-password" required errors={password?.errors?.currentPassword} />
          <Field name="newPassword" type="password" label={t("account:settings.newPassword")} hint={t("account:password.hint")} autoComplete="new-password" required errors={password?.errors?.newPassword} />
          <SubmitButton pending={busy("password")}>{t("account:settings.changePassword")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="sessions-heading" className="settings-section">
        <h2 id="sessions-heading">{t("account:settings.sessionsHeading")}</h2>
        <p>{t("account:settings.sessionsIntro")}</p>
        <ul className="list session-list">
          {sessions.map((s) => (
            <li key={s.id}>
              <div>
                <strong>{device(s.userAgent, t("account:settings.unknownDevice"))}</strong>
                {s.current ? <> <span className="badge badge-ok">{t("account:settings.current")}</span></> : null}
                <p className="meta">{t("account:settings.started", { date: formatDateTime(s.createdAt, locale) })} · {t("account:settings.expires", { date: formatDateTime(s.expiresAt, locale) })}</p>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="endSession" />
                <input type="hidden" name="sessionId" value={s.id} />
                <button type="submit" className="button button-secondary" aria-label={`${t("account:settings.endSession")}: ${device(s.userAgent, t("account:settings.unknownDevice"))}, ${t("account:settings.started", { date: formatDateTime(s.createdAt, locale) })}`}>{t("account:settings.endSession")}</button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="endAll" />
          <SubmitButton className="button button-danger" pending={busy("endAll")}>{t("account:settings.endAll")}</SubmitButton>
          <span className="hint">{t("account:settings.endAllHint")}</span>
        </Form>
      </section>
    </div>
  );
}
