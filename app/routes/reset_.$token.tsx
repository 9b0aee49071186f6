import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { completeReset, resetTokenIsOpen } from "~/auth/reset.server";
import { resetSchema } from "~/auth/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { parseForm } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { pageTitle } from "~/orgs/title.server";
import { ssoRequiredForResetLink } from "~/sso/realm.server";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";
import type { FieldErrors } from "~/lib/forms.server";

export { RouteErrorBoundary as ErrorBoundary } from "~/lib/ui/error-page";
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const title = pageTitle(context.locale, "account:reset.newTitle");
  // A link mailed before the organisation switched on "require SSO" no longer sets a password.
  const sso = await ssoRequiredForResetLink(domainCtx(context), params.token ?? "");
  if (sso) return json({ open: false, ssoOrg: sso.org, title }, { status: 403 });
  const open = await resetTokenIsOpen(domainCtx(context), params.token ?? "");
  return json({ open, ssoOrg: null, title }, { status: open ? 200 : 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(resetSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const sso = await ssoRequiredForResetLink(domainCtx(context), params.token ?? "");
  if (sso) return json({ ok: false as const, ssoOrg: sso.org, errors: {}, values: {} }, { status: 403 });
  const result = await completeReset(domainCtx(context), params.token ?? "", parsed.data.password, request.headers.get("user-agent") ?? "");
  if (!result.ok) return json({ ok: false as const, invalid: true, errors: {}, values: {} }, { status: 400 });
  if (result.setCookie) return redirect("/settings?done=password", { headers: { "Set-Cookie": result.setCookie } });
  return json({ ok: true as const });
}

export default function ResetPassword() {
  const { t } = useTranslation();
  const { open, ssoOrg } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  const requiredOrg = (data && "ssoOrg" in data ? data.ssoOrg : null) ?? ssoOrg;
  if (requiredOrg) {
    return (
      <div className="page narrow">
        <h1>{t("account:reset.newTitle")}</h1>
        <p className="notice notice-warn" role="alert">{t("sso:login.resetRequired", { org: requiredOrg })}</p>
        <p><Link to="/login">{t("auth.loginTitle")}</Link></p>
      </div>
    );
  }
  if (data?.ok) {
    return (
      <div className="page narrow">
        <h1>{t("account:reset.doneTitle")}</h1>
        <p className="notice" role="status">{t("account:reset.doneBody")}</p>
        <p><Link to="/login">{t("auth.loginTitle")}</Link></p>
      </div>
    );
  }
  if (!open || (data && "invalid" in data)) {
    return (
      <div className="page narrow">
        <h1>{t("account:reset.newTitle")}</h1>
        <p className="notice notice-warn" role="alert">{t("account:reset.invalid")}</p>
        <p><Link to="/reset">{t("account:reset.newLink")}</Link></p>
      </div>
    );
  }
  const failure = data && !data.ok ? data : undefined;
  return (
    <div className="page narrow">
      <h1>{t("account:reset.newTitle")}</h1>
      <p>{t("account:reset.newIntro")}</p>
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors as FieldErrors | undefined} labels={{ password: t("account:reset.newPassword") }} />
      <Form method="post" className="stack" noValidate>
        <Field name="password" type="password" label={t("account:reset.newPassword")} hint={t("account:password.hint")} autoComplete="new-password" required errors={failure?.errors && "password" in failure.errors ? failure.errors.password : undefined} />
        <SubmitButton pending={pending}>{t("account:reset.newSubmit")}</SubmitButton>
      </Form>
    </div>
  );
}
