import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { confirmSignup, signupTokenIsOpen } from "~/auth/signup.server";
import { domainCtx } from "~/lib/ctx.server";
import { SubmitButton } from "~/lib/ui/field";
import { pageTitle } from "~/orgs/title.server";
import accountCss from "~/styles/account.css";
import { bodyRefused, readBody } from "~/lib/body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

// GET only shows a button: mail scanners that prefetch links must not confirm anything.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const open = await signupTokenIsOpen(domainCtx(context), token);
  return json({ token, open, title: pageTitle(context.locale, "account:confirm.title") }, { status: open ? 200 : 404 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { reason: "invalid" as const });
  const form = body.form;
  const result = await confirmSignup(domainCtx(context), String(form.get("token") ?? ""), request.headers.get("user-agent") ?? "");
  if (!result.ok) return json({ reason: result.reason }, { status: 400 });
  return redirect(result.orgSlug ? `/orgs/${result.orgSlug}` : "/", { headers: { "Set-Cookie": result.setCookie } });
}

export default function ConfirmSignup() {
  const { t } = useTranslation();
  const { token, open } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const pending = useNavigation().state === "submitting";
  return (
    <div className="page narrow">
      <h1>{t("account:confirm.title")}</h1>
      {failed ? (
        <p className="notice notice-warn" role="alert">{t(failed.reason === "exists" ? "account:confirm.exists" : "account:confirm.invalid")}</p>
      ) : !open ? (
        <p className="notice notice-warn">{t("account:confirm.invalid")}</p>
      ) : (
        <>
          <p>{t("account:confirm.intro")}</p>
          <Form method="post">
            <input type="hidden" name="token" value={token} />
            <SubmitButton pending={pending}>{t("account:confirm.submit")}</SubmitButton>
          </Form>
        </>
      )}
      {failed || !open ? (
        <p className="actions"><Link to="/signup">{t("account:signup.title")}</Link> <Link to="/login">{t("auth.loginTitle")}</Link></p>
      ) : null}
    </div>
  );
}
