// The moderation namespace (use as t("moderation:key")). Swedish first; every key exists in both.
export const moderation = {
  sv: {},
  en: {},
};
