import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { login, loginSchema } from "~/auth/login.server";
import { domainCtx } from "~/lib/ctx.server";
import { formError, formValues, parseForm } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { safeRedirect } from "~/lib/redirect";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";

export const meta: MetaFunction = () => [{ title: "Logga in · Allmänning" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (context.viewer) throw redirect(redirectTo);
  return json({ redirectTo });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(loginSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const result = await login(domainCtx(context), { ...parsed.data, userAgent: request.headers.get("user-agent") ?? "" });
  if (!result.ok) {
    return badRequest({ ok: false as const, errors: formError("_form", "auth.invalidCredentials"), values: formValues(form) });
  }
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": result.setCookie } });
}

export default function Login() {
  const { t } = useTranslation();
  const { redirectTo } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  const values = failure?.values ?? {};
  return (
    <div className="page narrow">
      <h1>{t("auth.loginTitle")}</h1>
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors?._form} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="email" type="email" label={t("auth.email")} autoComplete="username" required defaultValue={String(values.email ?? "")} errors={failure?.errors?.email} />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="current-password" required errors={failure?.errors?.password} />
        <SubmitButton pending={pending}>{t("auth.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
