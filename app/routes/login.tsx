import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { login, loginSchema } from "~/auth/login.server";
import { clientIpOf } from "~/auth/tokens.server";
import { domainCtx } from "~/lib/ctx.server";
import { formError, formValues, parseForm } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { pageTitle } from "~/orgs/title.server";
import { homeRealm, loginButtons, ssoRequiredFor } from "~/sso/realm.server";
import { SsoButtons, SsoContinue } from "~/sso/components/buttons";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Logga in · Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (context.viewer) throw redirect(redirectTo);
  return json({ redirectTo, ssoButtons: await loginButtons(domainCtx(context)), title: pageTitle(context.locale, "auth.loginTitle") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  // Home-realm discovery: an address with no password goes to its organisation's provider.
  const email = String(form.get("email") ?? "");
  if (email && !form.get("password")) {
    const go = await homeRealm(domainCtx(context), email, safeRedirect(form.get("redirectTo")));
    // Without JavaScript, CSP form-action forbids a form's redirect to another origin: a page
    // that refreshes to our start URL (a plain navigation) takes the person there instead.
    if (go && !new URL(request.url).searchParams.has("_data")) return json({ ok: true as const, continueTo: go.startUrl, org: go.orgName });
    if (go) return redirect(go.startUrl);
  }
  const parsed = parseForm(loginSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const required = await ssoRequiredFor(domainCtx(context), parsed.data.email);
  if (required) return badRequest({ ok: false as const, errors: formError("_form", "sso:login.required", { org: required.org }), values: formValues(form) });
  const result = await login(domainCtx(context), parsed.data, {
    ip: clientIpOf(context),
    userAgent: request.headers.get("user-agent") ?? "",
  });
  if (!result.ok) {
    const limited = result.retryAfterMinutes !== undefined;
    const errors = limited
      ? formError("_form", "account:login.rateLimited", { minutes: result.retryAfterMinutes })
      : formError("_form", "auth.invalidCredentials");
    return json({ ok: false as const, errors, values: formValues(form) }, { status: limited ? 429 : 400 });
  }
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": result.setCookie } });
}

export default function Login() {
  const { t } = useTranslation();
  const { redirectTo, ssoButtons } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  if (failure?.ok) return <SsoContinue to={failure.continueTo} org={failure.org} />;
  const values = failure?.values ?? {};
  return (
    <div className="page narrow">
      <h1>{t("auth.loginTitle")}</h1>
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors} labels={{ email: t("auth.email"), password: t("auth.password") }} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="username" required defaultValue={String(values.email ?? "")} errors={failure?.errors?.email} />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="current-password" required errors={failure?.errors?.password} />
        <SubmitButton pending={pending}>{t("auth.submit")}</SubmitButton>
      </Form>
      <SsoButtons buttons={ssoButtons} redirectTo={redirectTo} />
      <div className="account-links">
        <p>{t("account:login.forgot")} <Link to="/reset">{t("account:login.resetLink")}</Link></p>
        <p>{t("account:login.noAccount")} <Link to="/signup">{t("account:login.signupLink")}</Link></p>
      </div>
    </div>
  );
}
