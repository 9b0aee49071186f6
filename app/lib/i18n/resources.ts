import { common } from "./catalogue/common";
import { account } from "./catalogue/account";
import { orgs } from "./catalogue/orgs";
import { forum } from "./catalogue/forum";
import { cases } from "./catalogue/cases";
import { search } from "./catalogue/search";
import { moderation } from "./catalogue/moderation";
import { sso } from "./catalogue/sso";
import { notifications } from "./catalogue/notifications";
import { profiles } from "./catalogue/profiles";
import { mail } from "./catalogue/mail";
import { api } from "./catalogue/api";
import { attachments } from "./catalogue/attachments";
import { feeds } from "./catalogue/feeds";
import { files } from "./catalogue/files";
import { insights } from "./catalogue/insights";
import { privacy } from "./catalogue/privacy";
import { similar } from "./catalogue/similar";
import { webhooks } from "./catalogue/webhooks";
import { saved } from "./catalogue/saved";
import { lists } from "./catalogue/lists";
import { ux } from "./catalogue/ux";
import { forms } from "./catalogue/forms";
import { modtools } from "./catalogue/modtools";
import { confirm } from "./catalogue/confirm";
import { forms24 } from "./catalogue/forms24";
export const LOCALES = ["sv", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "sv";

const namespaces = {
  common,
  account,
  orgs,
  forum,
  cases,
  search,
  moderation,
  sso,
  notifications,
  profiles,
  mail,
  api,
  attachments,
  feeds,
  files,
  insights,
  privacy,
  similar,
  webhooks,
  saved,
  lists,
  ux,
  forms,
  modtools,
  confirm,
  forms24,
};
export const NAMESPACES = Object.keys(namespaces);

export const resources = Object.fromEntries(
  LOCALES.map((lng) => [lng, Object.fromEntries(Object.entries(namespaces).map(([ns, v]) => [ns, v[lng]]))]),
) as Record<Locale, Record<string, Record<string, unknown>>>;

export const isLocale = (v: unknown): v is Locale => v === "sv" || v === "en";
