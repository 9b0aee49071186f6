// The orgs namespace (use as t("orgs:key")). Swedish first; every key exists in both.
export const orgs = {
  sv: {},
  en: {},
};
