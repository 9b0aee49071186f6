// The search namespace (use as t("search:key")). Swedish first; every key exists in both.
export const search = {
  sv: {},
  en: {},
};
