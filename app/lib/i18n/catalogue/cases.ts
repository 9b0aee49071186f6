// The cases namespace (use as t("cases:key")). Swedish first; every key exists in both.
export const cases = {
  sv: {},
  en: {},
};
