import type { Transaction } from "kysely";
import type { Database, OrgRole } from "../../db/types";
import { i18nFor } from "../lib/i18n/i18n";
import type { Locale } from "../lib/i18n/resources";
import { appBaseUrl, sendMail } from "../lib/mail.server";
import type { DB } from "../../db/client";
import { addMembership } from "../orgs/orgs.repo.server";
import { handleExists, insertUser } from "../orgs/people.repo.server";

type Tx = DB | Transaction<Database>;

/** A URL-safe handle from the email's local part: "Åsa.Öberg@x.se" → "asa.oberg", then "-2", "-3" … */
export async function uniqueHandle(db: Tx, email: string): Promise<string> {
  const base =
    email
      .split("@")[0]
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, "-")
      .replace(/^[.-]+|[.-]+$/g, "")
      .slice(0, 40) || "person";
  for (let n = 1; n < 1000; n++) {
    const h = n === 1 ? base : `${base}-${n}`;
    if (!(await handleExists(db, h))) return h;
  }
  return `${base}-${Date.now()}`;
}

/** Creates an active, email-verified person with one membership (inside the caller's transaction). A null password hash: signs in only through an identity provider. */
export async function createAccount(
  trx: Tx,
  v: { email: string; name: string; passwordHash: string | null; orgId: string; role: OrgRole; locale: Locale | null },
) {
  const handle = await uniqueHandle(trx, v.email);
  const user = await insertUser(trx, { email: v.email.trim(), handle, name: v.name, passwordHash: v.passwordHash, primaryOrgId: v.orgId, locale: v.locale });
  await addMembership(trx, v.orgId, user.id, v.role);
  return user;
}

/** Sends a translated mail: `account:mail.<kind>.subject` and `.body` with a link. */
export async function sendAccountMail(
  db: DB,
  kind: "invitation" | "signup" | "signupExisting" | "reset" | "resetUnknown",
  to: string,
  locale: Locale,
  params: Record<string, string>,
  path: string,
) {
  const { t } = i18nFor(locale);
  const link = `${appBaseUrl()}${path}`;
  await sendMail(db, {
    to,
    subject: t(`account:mail.${kind}.subject`, params),
    text: `${t(`account:mail.${kind}.body`, { ...params, link })}\n\n${link}\n\n${t("account:mail.footer")}`,
  });
}
