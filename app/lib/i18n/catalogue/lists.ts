// The lists namespace (t("lists:key")): the one visibility badge, and what the thread lists offer
// (compact view, sort, "mine" and "watching", unread markers). Swedish first; every key exists in both.
export const lists = {
  sv: {
    visibility: {
      label: "Vem kan läsa",
      organisation: "Bara {{org}}",
      chosen: "{{org}} och utvalda organisationer",
      chosenNamed: "{{org}} och utvalda organisationer: {{others}}",
      network: "Hela nätverket",
      public: "Offentlig",
    },
    sort: { label: "Sortera", activity: "Senaste aktivitet", newest: "Nyaste", votes: "Flest röster" },
    show: { label: "Visa", all: "Alla trådar", mine: "Mina trådar", watching: "Trådar jag bevakar" },
    view: { label: "Listvy", compact: "Kompakt lista", full: "Detaljerad lista" },
    toolbar: "Sortering och urval",
    markers: {
      new: "Ny",
      newReplies_one: "{{count}} nytt svar",
      newReplies_other: "{{count}} nya svar",
    },
    compact: {
      replies_one: "{{count}} svar",
      replies_other: "{{count}} svar",
      readers_one: "{{count}} läsare",
      readers_other: "{{count}} läsare",
      author: "Skrivet av {{name}}",
      votes_one: "{{count}} röst",
      votes_other: "{{count}} röster",
    },
    answers: { label: "Sortera svaren", votes: "Flest röster", oldest: "Äldst först", acceptedFirst: "Det accepterade svaret visas alltid först." },
  },
  en: {
    visibility: {
      label: "Who can read",
      organisation: "Only {{org}}",
      chosen: "{{org}} and chosen organisations",
      chosenNamed: "{{org}} and chosen organisations: {{others}}",
      network: "The whole network",
      public: "Public",
    },
    sort: { label: "Sort", activity: "Latest activity", newest: "Newest", votes: "Most votes" },
    show: { label: "Show", all: "All threads", mine: "My threads", watching: "Threads I watch" },
    view: { label: "List view", compact: "Compact list", full: "Detailed list" },
    toolbar: "Sorting and selection",
    markers: {
      new: "New",
      newReplies_one: "{{count}} new answer",
      newReplies_other: "{{count}} new answers",
    },
    compact: {
      replies_one: "{{count}} answer",
      replies_other: "{{count}} answers",
      readers_one: "{{count}} reader",
      readers_other: "{{count}} readers",
      author: "Written by {{name}}",
      votes_one: "{{count}} vote",
      votes_other: "{{count}} votes",
    },
    answers: { label: "Sort answers", votes: "Most votes", oldest: "Oldest first", acceptedFirst: "The accepted answer is always shown first." },
  },
};
