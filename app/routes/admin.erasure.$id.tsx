import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bodyRefused, readBody } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { formError, type FieldErrors } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { ErrorSummary, SubmitButton } from "~/lib/ui/field";
import { pageTitle } from "~/orgs/title.server";
import { erasePerson, erasurePreview } from "~/privacy/erasure.server";
import accountCss from "~/styles/account.css";

// /admin/erasure/:id: what anonymisation does, what stays and why, and the irreversible confirm.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const preview = await erasurePreview(domainCtx(context), params.id ?? "");
  return json({ preview, title: pageTitle(context.locale, "privacy:erasure.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

type Reply = { ok: false; errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = domainCtx(context);
  const id = params.id ?? "";
  await erasurePreview(ctx, id); // 404 for non-admins and unknown or handled requests, before reading the body
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body);
  if (body.form.get("confirm") !== "yes") return badRequest<Reply>({ ok: false, errors: formError("confirm", "privacy:erasure.confirmMissing") });
  const r = await erasePerson(ctx, id);
  if (!r.ok) return badRequest<Reply>({ ok: false, errors: formError("_form", "privacy:erasure.self") });
  return redirect("/admin/erasure?done=1");
}

export default function ConfirmErasure() {
  const { t } = useTranslation();
  const { preview: p } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Reply | undefined;
  const nav = useNavigation();
  const happens = t("privacy:erasure.happens", { returnObjects: true, newName: p.newName, handle: p.handle }) as unknown as string[];
  const confirmError = failed?.errors?.confirm?.[0];
  return (
    <div className="page narrow">
      <p><Link to="/admin/erasure">{t("privacy:erasure.back")}</Link></p>
      <h1>{t("privacy:erasure.confirmTitle", { name: p.name })}</h1>
      <p className="meta">{p.email}{p.orgName ? ` · ${p.orgName}` : ""}</p>
      <h2>{t("privacy:erasure.whatHappens")}</h2>
      <ul>{happens.map((line) => <li key={line}>{line}</li>)}</ul>
      <h2>{t("privacy:erasure.whatStays")}</h2>
      <p>{t("privacy:erasure.stays", p.counts)}</p>
      <p>{t("privacy:erasure.counts", p.counts)}</p>
      <p><strong>{t("privacy:erasure.irreversible")}</strong></p>
      {p.isSelf ? <p role="alert" className="error-summary">{t("privacy:erasure.self")}</p> : (
        <Form method="post" className="stack" noValidate>
          <ErrorSummary show={Boolean(failed)} errors={failed?.errors?._form} />
          <div className={`field${confirmError ? " field-invalid" : ""}`}>
            {confirmError ? <p id="confirm-error" className="field-error">{t(confirmError.key)}</p> : null}
            <label className="checkbox">
              <input type="checkbox" name="confirm" value="yes" aria-invalid={confirmError ? true : undefined} aria-describedby={confirmError ? "confirm-error" : undefined} />{" "}
              {t("privacy:erasure.confirm")}
            </label>
          </div>
          <SubmitButton className="button button-danger" pending={nav.state === "submitting"}>{t("privacy:erasure.submit")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}
