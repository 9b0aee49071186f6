import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../../lib/forms.server";
import { ErrorSummary, Field, SubmitButton } from "../../lib/ui/field";
import { ORG_KINDS } from "../types";
import { SelectField } from "./forms";

type Values = Record<string, string | string[]>;

/** Create/edit an organisation (network admin). Domains are typed one per line. */
export function OrgForm({ values, errors, submit, pending }: { values: Values; errors?: FieldErrors; submit: string; pending: boolean }) {
  const { t } = useTranslation();
  const v = (k: string) => String(values[k] ?? "");
  return (
    <>
      <ErrorSummary show={Boolean(errors)} errors={errors} labels={{ name: t("orgs:network.name"), slug: t("orgs:network.slug"), kind: t("orgs:network.kind"), domains: t("orgs:network.domains"), description: t("orgs:network.description") }} />
      <Form method="post" className="stack narrow" noValidate>
        <input type="hidden" name="intent" value="save" />
        <Field name="name" label={t("orgs:network.name")} required maxLength={120} defaultValue={v("name")} errors={errors?.name} />
        <Field name="slug" label={t("orgs:network.slug")} hint={t("orgs:network.slugHint")} required maxLength={60} defaultValue={v("slug")} errors={errors?.slug} />
        <SelectField name="kind" label={t("orgs:network.kind")} defaultValue={v("kind") || "municipality"} errors={errors?.kind} options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))} />
        <Field name="domains" label={t("orgs:network.domains")} hint={t("orgs:network.domainsHint")} multiline rows={3} defaultValue={v("domains")} errors={errors?.domains} />
        <Field name="description" label={t("orgs:network.description")} multiline rows={4} maxLength={2000} defaultValue={v("description")} errors={errors?.description} />
        <SubmitButton pending={pending}>{submit}</SubmitButton>
      </Form>
    </>
  );
}
