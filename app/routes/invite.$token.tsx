import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { acceptExistingSchema, acceptNewSchema } from "~/auth/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { acceptInvitation, viewInvitation } from "~/orgs/invitations.server";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const invitation = await viewInvitation(domainCtx(context), params.token ?? "");
  const title = invitation.state === "valid" ? pageTitle(context.locale, "account:invite.title", { org: invitation.orgName })
    : invitation.state === "used" ? pageTitle(context.locale, "confirm:invite.usedTitle") : pageTitle(context.locale, "notFound.title");
  return json({ invitation, title }, { status: invitation.state === "valid" ? 200 : 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  const token = params.token ?? "";
  const invitation = await viewInvitation(ctx, token);
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = invitation.state === "valid" && invitation.hasAccount ? parseForm(acceptExistingSchema, form) : parseForm(acceptNewSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const result = await acceptInvitation(ctx, token, { ...parsed.data, locale: context.locale }, request.headers.get("user-agent") ?? "");
  if (!result.ok) return badRequest({ ok: false as const, errors: result.errors, values: formValues(form) });
  return redirect(`/orgs/${result.orgSlug}`, { headers: { "Set-Cookie": result.setCookie } });
}

export default function AcceptInvitation() {
  const { t } = useTranslation();
  const { invitation } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  if (invitation.state === "used") {
    // The link worked once: the person has an account now, so the way on is signing in.
    return (
      <div className="page narrow">
        <h1>{t("confirm:invite.usedTitle")}</h1>
        <p className="notice">{t("confirm:invite.used", { org: invitation.orgName })}</p>
        <p><Link className="button" to={`/login?redirectTo=${encodeURIComponent(`/orgs/${invitation.orgSlug}`)}`}>{t("confirm:invite.usedLink")}</Link></p>
        <p><Link to="/reset">{t("confirm:invite.reset")}</Link></p>
      </div>
    );
  }
  if (invitation.state !== "valid") {
    return (
      <div className="page narrow">
        <h1>{t("notFound.title")}</h1>
        <p className="notice notice-warn">{t("account:invite.invalid")}</p>
      </div>
    );
  }
  const values = failure?.values ?? {};
  const role = t(`orgs:rolesInline.${invitation.role}`);
  return (
    <div className="page narrow">
      <h1>{t("account:invite.title", { org: invitation.orgName })}</h1>
      <p>{t("account:invite.intro", { org: invitation.orgName, role, email: invitation.email })}</p>
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors} labels={invitation.hasAccount ? { password: t("account:invite.currentPassword") } : { name: t("account:invite.name"), password: t("account:invite.password") }} />
      {invitation.deactivated ? (
        <p className="notice notice-warn">{t("account:invite.deactivated")}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <p>{t(invitation.hasAccount ? "account:invite.existingAccount" : "account:invite.newAccount")}</p>
          <input type="hidden" name="username" value={invitation.email} autoComplete="username" />
          {invitation.hasAccount ? (
            <Field name="password" type="password" label={t("account:invite.currentPassword")} autoComplete="current-password" required errors={failure?.errors?.password} />
          ) : (
            <>
              <Field name="name" label={t("account:invite.name")} autoComplete="name" required maxLength={100} defaultValue={String(values.name ?? "")} errors={failure?.errors?.name} />
              <Field name="password" type="password" label={t("account:invite.password")} hint={t("account:password.hint")} autoComplete="new-password" required errors={failure?.errors?.password} />
            </>
          )}
          <SubmitButton pending={pending}>{t("account:invite.submit")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}
