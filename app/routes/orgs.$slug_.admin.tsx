import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import { SubmissionField } from "~/lib/ui/submission-field";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm, type FieldErrors } from "~/lib/forms.server";
import { formatDate } from "~/lib/i18n/format";
import { badRequest, notFound } from "~/lib/http.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { Done, SelectField } from "~/orgs/components/forms";
import { createInvitation, revokeInvitation } from "~/orgs/invitations.server";
import { changeRole, getOrgAdmin, removeMember } from "~/orgs/members.server";
import { changeRoleSchema, invitationIdSchema, inviteSchema, memberSchema } from "~/orgs/schemas";
import { ORG_ROLES } from "~/orgs/types";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";
import { ConfirmAction } from "~/confirm/components/confirm-action";
import { unconfirmed } from "~/confirm/require.server";
import confirmCss from "~/styles/confirm.css";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }, { rel: "stylesheet", href: confirmCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.org.name} · Allmänning` : "Allmänning" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return json({ ...(await getOrgAdmin(domainCtx(context), params.slug ?? "")), submission: newSubmissionToken() });
}

type Reply = { intent: string; ok: boolean; errors?: FieldErrors; values?: Record<string, string | string[]>; target?: string; done?: string; email?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  const slug = params.slug ?? "";
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { intent: String(body.form.get("intent") ?? "") });
  const form = body.form;
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: FieldErrors, target?: string) => badRequest<Reply>({ intent, ok: false, errors, values: formValues(form), target });
  if (intent === "invite") {
    const p = parseForm(inviteSchema, form);
    if (!p.ok) return fail(p.errors);
    const r = await createInvitation(ctx, slug, p.data, context.locale, { submission: submissionTokenFrom(form) });
    return r.ok ? json<Reply>({ intent, ok: true, done: "orgs:admin.invited", email: p.data.email }) : fail(r.errors);
  }
  if (intent === "role") {
    const p = parseForm(changeRoleSchema, form);
    if (!p.ok) return fail(p.errors, String(form.get("userId") ?? ""));
    const r = await changeRole(ctx, slug, p.data.userId, p.data.role);
    return r.ok ? json<Reply>({ intent, ok: true, done: "orgs:admin.roleChanged" }) : fail(r.errors, p.data.userId);
  }
  if (intent === "remove") {
    const p = parseForm(memberSchema, form);
    if (!p.ok) return fail(p.errors);
    const ask = unconfirmed(form, "removeMember", { slug, userId: p.data.userId });
    if (ask) return ask;
    const r = await removeMember(ctx, slug, p.data.userId);
    return r.ok ? json<Reply>({ intent, ok: true, done: "orgs:admin.removed" }) : fail(r.errors, p.data.userId);
  }
  if (intent === "revoke") {
    const p = parseForm(invitationIdSchema, form);
    if (!p.ok) return fail(p.errors);
    await revokeInvitation(ctx, slug, p.data.invitationId);
    return json<Reply>({ intent, ok: true, done: "orgs:admin.revoked" });
  }
  notFound();
}

export default function OrgAdmin() {
  const { t, i18n } = useTranslation();
  const { org, members, invitations, submission } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const nav = useNavigation();
  const busy = (intent: string) => nav.state === "submitting" && nav.formData?.get("intent") === intent;
  const inviteFailure = reply?.intent === "invite" && !reply.ok ? reply : undefined;
  const locale = i18n.language === "en" ? "en" : "sv";
  const roleOptions = ORG_ROLES.map((r) => ({ value: r, label: t(`orgs:roles.${r}`) }));
  // A refused role change or removal names its member row: the summary links to that row's role.
  const memberFailure = reply && !reply.ok && reply.intent !== "invite" ? reply : undefined;
  const target = members.find((m) => m.id === memberFailure?.target);
  const memberLabels = target ? { role: t("orgs:admin.roleFor", { name: target.name }), userId: target.name } : undefined;
  const memberIds = target ? { role: `role-${target.id}`, userId: `role-${target.id}` } : undefined;
  return (
    <div className="page">
      <p><Link to={`/orgs/${org.slug}`}>{t("orgs:admin.back", { org: org.name })}</Link></p>
      <h1>{t("orgs:admin.title", { org: org.name })}</h1>
      <p><Link to="/admin/identity-providers">{t("sso:admin.link")}</Link></p>
      <p><Link to={`/orgs/${org.slug}/admin/webhooks`}>{t("webhooks:title")}</Link></p>
      <Done message={reply?.ok && reply.done ? t(reply.done, { email: reply.email }) : null} />

      <section aria-labelledby="invite-heading" className="settings-section">
        <h2 id="invite-heading">{t("orgs:admin.inviteHeading")}</h2>
        <p>{t("orgs:admin.inviteIntro")}</p>
        <ErrorSummary show={Boolean(inviteFailure)} errors={inviteFailure?.errors} labels={{ email: t("orgs:admin.email"), role: t("orgs:admin.role") }} />
        <Form method="post" className="stack narrow" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <SubmissionField token={submission} />
          <Field name="email" type="email" label={t("orgs:admin.email")} autoComplete="off" required defaultValue={String(inviteFailure?.values?.email ?? "")} errors={inviteFailure?.errors?.email} />
          <SelectField name="role" label={t("orgs:admin.role")} options={roleOptions} defaultValue={String(inviteFailure?.values?.role ?? "member")} errors={inviteFailure?.errors?.role} />
          <SubmitButton pending={busy("invite")}>{t("orgs:admin.invite")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="members-heading" className="settings-section">
        <h2 id="members-heading">{t("orgs:admin.membersHeading")} ({members.length})</h2>
        <ErrorSummary show={Boolean(memberFailure)} errors={memberFailure?.errors} labels={memberLabels} ids={memberIds} />
        <table className="member-table">
          <thead>
            <tr><th scope="col">{t("orgs:admin.name")}</th><th scope="col">{t("orgs:admin.role")}</th><th scope="col"><span className="visually-hidden">{t("orgs:admin.remove")}</span></th></tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const rowErrors = reply && !reply.ok && reply.target === m.id ? reply.errors : undefined;
              return (
                <tr key={m.id}>
                  <td>
                    <Link to={`/u/${m.handle}`}>{m.name}</Link>{m.isSelf ? ` (${t("orgs:admin.you")})` : ""}
                    <div className="meta">{m.email}</div>
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={m.id} />
                      <SelectField hideLabel id={`role-${m.id}`} name="role" label={t("orgs:admin.roleFor", { name: m.name })} options={roleOptions} defaultValue={rowErrors && typeof reply?.values?.role === "string" ? reply.values.role : m.role} errors={rowErrors?.role} />
                      <SubmitButton className="button button-secondary" pending={busy("role") && nav.formData?.get("userId") === m.id}>{t("orgs:admin.changeRole")}</SubmitButton>
                    </Form>
                  </td>
                  <td>
                    {rowErrors?.userId ? <p className="field-error" role="alert">{rowErrors.userId.map((e) => t(e.key)).join(" ")}</p> : null}
                    <ConfirmAction kind="removeMember" params={{ slug: org.slug, userId: m.id }} className="button button-danger">
                      <span aria-hidden="true">{t("orgs:admin.remove")}</span>
                      <span className="visually-hidden">{t("orgs:admin.removeLabel", { name: m.name })}</span>
                    </ConfirmAction>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="invitations-heading" className="settings-section">
        <h2 id="invitations-heading">{t("orgs:admin.invitationsHeading")}</h2>
        {invitations.length === 0 ? (
          <p>{t("orgs:admin.noInvitations")}</p>
        ) : (
          <ul className="list invite-list">
            {invitations.map((i) => (
              <li key={i.id}>
                <div>
                  <strong>{i.email}</strong> · {t(`orgs:roles.${i.role}`)}
                  <p className="meta">
                    {t("orgs:admin.expires", { date: formatDate(i.expiresAt, locale) })}
                    {i.invitedBy ? ` · ${t("orgs:admin.invitedBy", { name: i.invitedBy })}` : ""}
                  </p>
                </div>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="invitationId" value={i.id} />
                  <button type="submit" className="button button-secondary" aria-label={t("orgs:admin.revokeLabel", { email: i.email })}>{t("orgs:admin.revoke")}</button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
