// The forum namespace (use as t("forum:key")). Swedish first; every key exists in both.
export const forum = {
  sv: {},
  en: {},
};
