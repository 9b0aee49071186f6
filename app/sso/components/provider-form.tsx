import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../../lib/forms.server";
import { ErrorSummary, Field, SubmitButton } from "../../lib/ui/field";
import { SelectField } from "../../orgs/components/forms";

type Values = Record<string, string | string[]>;
const ROLES = ["member", "ambassador", "moderator", "admin"] as const;

/** Create/edit an identity provider. The secret field is always empty: a stored secret is never sent back. */
export function ProviderForm({ values, errors, submit, pending, hasSecret }: { values: Values; errors?: FieldErrors; submit: string; pending: boolean; hasSecret?: boolean }) {
  const { t } = useTranslation();
  const v = (k: string) => String(values[k] ?? "");
  const f = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field name={name} label={t(`sso:admin.${label}`)} defaultValue={v(name)} errors={errors?.[name]} {...extra} />
  );
  const labels = Object.fromEntries(
    ["displayName", "slug", "orgSlug", "protocol", "issuer", "clientId", "clientSecret", "samlEntityId", "samlSsoUrl", "samlCert", "roleClaim", "roleMap", "defaultRole", "tenants"].map((k) => [k, t(`sso:admin.${k}`)]),
  );
  return (
    <>
      <ErrorSummary show={Boolean(errors)} errors={errors} labels={labels} />
      <Form method="post" className="stack narrow" noValidate>
        <input type="hidden" name="intent" value="save" />
        {f("displayName", "displayName", { required: true, maxLength: 120 })}
        {f("slug", "slug", { required: true, maxLength: 60 })}
        {f("orgSlug", "orgSlug", { required: true, maxLength: 60 })}
        <SelectField name="protocol" label={t("sso:admin.protocol")} defaultValue={v("protocol") || "oidc"} errors={errors?.protocol} options={[{ value: "oidc", label: "OpenID Connect" }, { value: "saml", label: "SAML 2.0" }]} />
        <div className="field">
          <label><input type="checkbox" name="enabled" defaultChecked={v("enabled") === "on"} /> {t("sso:admin.enabled")}</label>
        </div>
        {f("issuer", "issuer", { hint: t("sso:admin.issuerHint"), type: "url", maxLength: 500 })}
        {f("clientId", "clientId", { maxLength: 300 })}
        <Field name="clientSecret" type="password" autoComplete="off" label={t("sso:admin.clientSecret")} hint={hasSecret ? t("sso:admin.secretKept") : t("sso:admin.secretNone")} errors={errors?.clientSecret} />
        {f("samlEntityId", "samlEntityId", { maxLength: 500 })}
        {f("samlSsoUrl", "samlSsoUrl", { type: "url", maxLength: 500 })}
        {f("samlCert", "samlCert", { multiline: true, rows: 4 })}
        {f("roleClaim", "roleClaim", { maxLength: 100 })}
        {f("roleMap", "roleMap", { multiline: true, rows: 4 })}
        <SelectField name="defaultRole" label={t("sso:admin.defaultRole")} defaultValue={v("defaultRole") || "member"} errors={errors?.defaultRole} options={ROLES.map((r) => ({ value: r, label: t(`orgs:roles.${r}`) }))} />
        {f("tenants", "tenants", { multiline: true, rows: 3 })}
        <div className="field">
          <label><input type="checkbox" name="domainFallback" defaultChecked={v("domainFallback") === "on"} /> {t("sso:admin.domainFallback")}</label>
        </div>
        <SubmitButton pending={pending}>{submit}</SubmitButton>
      </Form>
    </>
  );
}
