// The account namespace (use as t("account:key")). Swedish first; every key exists in both.
export const account = {
  sv: {},
  en: {},
};
