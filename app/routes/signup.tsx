import { newSubmissionToken, submissionTokenFrom } from "~/lib/idempotency.server";
import { SubmissionField } from "~/lib/ui/submission-field";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { signupSchema } from "~/auth/schemas";
import { requestSignup } from "~/auth/signup.server";
import { clientIpOf } from "~/auth/tokens.server";
import { domainCtx } from "~/lib/ctx.server";
import { formValues, parseForm } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.viewer) throw redirect("/");
  return json({ title: pageTitle(context.locale, "account:signup.title"), submission: newSubmissionToken() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(signupSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const result = await requestSignup(domainCtx(context), parsed.data, { locale: context.locale, ip: clientIpOf(context), submission: submissionTokenFrom(form) });
  if (!result.ok) return badRequest({ ok: false as const, errors: result.errors, values: formValues(form) });
  return json({ ok: true as const, email: parsed.data.email });
}

export default function Signup() {
  const { t } = useTranslation();
  const data = useActionData<typeof action>();
  const { submission } = useLoaderData<typeof loader>();
  const pending = useNavigation().state === "submitting";
  if (data?.ok) {
    return (
      <div className="page narrow">
        <h1>{t("account:signup.sentTitle")}</h1>
        <p className="notice" role="status">{t("account:signup.sentBody", { email: data.email })}</p>
      </div>
    );
  }
  const failure = data && !data.ok ? data : undefined;
  const values = failure?.values ?? {};
  return (
    <div className="page narrow">
      <h1>{t("account:signup.title")}</h1>
      <p>{t("account:signup.intro")}</p>
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors} labels={{ name: t("account:signup.name"), email: t("account:signup.email"), password: t("account:signup.password") }} />
      <Form method="post" className="stack" noValidate>
        <SubmissionField token={submission} />
        <Field name="name" label={t("account:signup.name")} autoComplete="name" required maxLength={100} defaultValue={String(values.name ?? "")} errors={failure?.errors?.name} />
        <Field name="email" type="email" label={t("account:signup.email")} autoComplete="email" required defaultValue={String(values.email ?? "")} errors={failure?.errors?.email} />
        <Field name="password" type="password" label={t("account:signup.password")} hint={t("account:password.hint")} autoComplete="new-password" required errors={failure?.errors?.password} />
        <SubmitButton pending={pending}>{t("account:signup.submit")}</SubmitButton>
      </Form>
      <div className="account-links">
        <p>{t("account:signup.haveAccount")} <Link to="/login">{t("auth.loginTitle")}</Link></p>
      </div>
    </div>
  );
}
