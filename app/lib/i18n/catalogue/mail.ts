// The mail namespace (t("mail:key")): notification mails, digests, the unsubscribe page and the
// mail section of the notification settings. Swedish first; every key exists in both.
export const mail = {
  sv: {
    cadence: { immediately: "Direkt", daily: "Daglig sammanfattning", weekly: "Veckosammanfattning", never: "Aldrig" },
    kindLabel: {
      reply: "Nya svar i trådar du bevakar", question_answered: "Svar på dina frågor", answer_accepted: "Ditt svar markeras som lösning",
      helpful_vote: "Någon tycker att ditt svar hjälpte", mention: "Någon nämner dig", question_solved: "En fråga du också har blir löst",
      case_adopted: "Din fallstudie införs av en annan organisation", case_updated: "Fallstudier du följer uppdateras",
      new_thread: "Nya trådar i taggar och organisationer du bevakar", new_case: "Nya fallstudier från organisationer du bevakar",
      moderation: "Moderatorbeslut om ditt innehåll", invitation_accepted: "En inbjudan du skickat accepteras",
      question_routed: "Frågor inom ditt kunskapsområde", case_nudge: "Påminnelser om att se över dina fallstudier",
      saved_search: "Nya träffar för sparade sökningar (de du valt att få i sammanfattningen)",
    },
    settings: {
      title: "E-post",
      intro: "Välj för varje slag av notis om du vill få e-post direkt, i en daglig eller veckovis sammanfattning, eller aldrig. Ditt val sparas med tidpunkt.",
      kind: "Notis", cadence: "E-post", save: "Spara e-postval", saved: "Dina e-postval är sparade.",
      invalid: "Välj ett av alternativen i listan.", signIn: "Logga in för att ändra dina e-postval.",
      consents: "Senaste ändringar", source_settings: "inställningar", source_unsubscribe: "avregistreringslänk",
    },
    footer: {
      why: "Du får det här mejlet eftersom du har valt e-post för: {{reason}}.",
      whyDigest_daily: "Du får den här dagliga sammanfattningen eftersom du har valt den för vissa notiser.",
      whyDigest_weekly: "Du får den här veckosammanfattningen eftersom du har valt den för vissa notiser.",
      settings: "Ändra dina e-postval: {{url}}", unsubscribe: "Sluta få sådana mejl: {{url}}",
    },
    open: "Öppna",
    digest: {
      subject_daily: "Nytt i Allmänning i dag", subject_weekly: "Veckans nyheter i Allmänning",
      intro: "Det här har hänt sedan {{since}}.", notifications: "Dina notiser", openQuestions: "Öppna frågor inom dina områden",
      routed: "Frågor som skickats till dig", bestPractice: "Nya goda exempel",
      newCases: "Nya fallstudier inom dina områden", adoptedCases: "Fallstudier som fler organisationer har infört",
    },
    unsubscribe: {
      title: "Avsluta e-post", confirm: "Vill du sluta få e-post om: {{what}}?", button: "Ja, avsluta",
      done: "Klart. Du får inte längre e-post om: {{what}}.", none: "Du får redan ingen e-post om detta.",
      invalid: "Länken fungerar inte. Den kan vara felskriven, ändrad eller för gammal. Inget har ändrats. Logga in och ändra dina e-postval under Inställningar.",
      digest_daily: "den dagliga sammanfattningen", digest_weekly: "veckosammanfattningen", settings: "Ändra alla e-postval",
    },
  },
  en: {
    cadence: { immediately: "Immediately", daily: "Daily digest", weekly: "Weekly digest", never: "Never" },
    kindLabel: {
      reply: "New replies in threads you watch", question_answered: "Answers to your questions", answer_accepted: "Your answer accepted",
      helpful_vote: "Someone finds your answer helpful", mention: "Someone mentions you", question_solved: "A question you also have is solved",
      case_adopted: "Your case adopted by another organisation", case_updated: "Cases you follow updated",
      new_thread: "New threads in tags and organisations you watch", new_case: "New cases from organisations you watch",
      moderation: "Moderation decisions about your content", invitation_accepted: "An invitation you sent accepted",
      question_routed: "Questions in your areas of expertise", case_nudge: "Reminders to review your cases",
      saved_search: "New matches for saved searches (those you chose to get in the digest)",
    },
    settings: {
      title: "E-mail",
      intro: "For each kind of notification, choose whether you get e-mail immediately, in a daily or weekly digest, or never. Your choice is recorded with its time.",
      kind: "Notification", cadence: "E-mail", save: "Save e-mail choices", saved: "Your e-mail choices are saved.",
      invalid: "Choose one of the options in the list.", signIn: "Sign in to change your e-mail choices.",
      consents: "Recent changes", source_settings: "settings", source_unsubscribe: "unsubscribe link",
    },
    footer: {
      why: "You get this e-mail because you chose e-mail for: {{reason}}.",
      whyDigest_daily: "You get this daily digest because you chose it for some notifications.",
      whyDigest_weekly: "You get this weekly digest because you chose it for some notifications.",
      settings: "Change your e-mail choices: {{url}}", unsubscribe: "Stop these e-mails: {{url}}",
    },
    open: "Open",
    digest: {
      subject_daily: "New in Allmänning today", subject_weekly: "This week in Allmänning",
      intro: "This is what happened since {{since}}.", notifications: "Your notifications", openQuestions: "Open questions in your areas",
      routed: "Questions sent to you", bestPractice: "New best-practice picks",
      newCases: "New case studies in your areas", adoptedCases: "Case studies more organisations have adopted",
    },
    unsubscribe: {
      title: "Unsubscribe", confirm: "Stop e-mail about: {{what}}?", button: "Yes, unsubscribe",
      done: "Done. You will no longer get e-mail about: {{what}}.", none: "You already get no e-mail about this.",
      invalid: "This link does not work. It may be mistyped, altered or too old. Nothing was changed. Sign in and change your e-mail choices under Settings.",
      digest_daily: "the daily digest", digest_weekly: "the weekly digest", settings: "Change all e-mail choices",
    },
  },
};
