import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestReset } from "~/auth/reset.server";
import { resetRequestSchema } from "~/auth/schemas";
import { clientIpOf } from "~/auth/tokens.server";
import { domainCtx } from "~/lib/ctx.server";
import { formError, formValues, parseForm } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { ErrorSummary, Field, SubmitButton } from "~/lib/ui/field";
import { ssoRequiredFor } from "~/sso/realm.server";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ title: pageTitle(context.locale, "account:reset.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  const form = body.form;
  const parsed = parseForm(resetRequestSchema, form);
  if (!parsed.ok) return badRequest(parsed);
  const required = await ssoRequiredFor(domainCtx(context), parsed.data.email);
  if (required) return json({ ok: false as const, errors: formError("_form", "sso:login.resetRequired", { org: required.org }), values: formValues(form) }, { status: 400 });
  const result = await requestReset(domainCtx(context), parsed.data.email, { locale: context.locale, ip: clientIpOf(context) });
  if (!result.ok) {
    return json({ ok: false as const, errors: formError("_form", "account:rateLimited", { minutes: result.retryAfterMinutes }), values: formValues(form) }, { status: 429 });
  }
  return json({ ok: true as const, email: parsed.data.email });
}

export default function ResetRequest() {
  const { t } = useTranslation();
  const data = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  if (data?.ok) {
    return (
      <div className="page narrow">
        <h1>{t("account:reset.sentTitle")}</h1>
        <p className="notice" role="status">{t("account:reset.sentBody", { email: data.email })}</p>
      </div>
    );
  }
  const failure = data && !data.ok ? data : undefined;
  return (
    <div className="page narrow">
      <h1>{t("account:reset.title")}</h1>
      <p>{t("account:reset.intro")}</p>
      <ErrorSummary show={Boolean(failure)} errors={failure?.errors} labels={{ email: t("account:reset.email") }} />
      <Form method="post" className="stack" noValidate>
        <Field name="email" type="email" label={t("account:reset.email")} autoComplete="email" required defaultValue={String(failure?.values?.email ?? "")} errors={failure?.errors?.email} />
        <SubmitButton pending={pending}>{t("account:reset.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
