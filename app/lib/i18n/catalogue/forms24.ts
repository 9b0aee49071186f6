// The forms24 namespace (t("forms24:key")): what a visibility choice in a form adds to the badge's
// name for its level (the name itself is lists:visibility.*, the badge's). Swedish first; every key
// exists in both.
export const forms24 = {
  sv: {
    visibility: {
      // Stands in for the organisation's name while the form does not know which one is chosen.
      yourOrg: "din organisation",
      selectedOrg: "den valda organisationen",
      hint: {
        organisation: "Bara medlemmar i organisationen kan läsa.",
        network: "Alla inloggade medlemmar i nätverket kan läsa.",
        public: "Alla kan läsa, även utan att logga in.",
      },
    },
  },
  en: {
    visibility: {
      yourOrg: "your organisation",
      selectedOrg: "the selected organisation",
      hint: {
        organisation: "Only the organisation's members can read.",
        network: "Every signed-in member of the network can read.",
        public: "Anyone can read, even without signing in.",
      },
    },
  },
};
