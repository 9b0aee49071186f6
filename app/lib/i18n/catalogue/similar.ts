// The similar namespace (t("similar:key")): similar questions while asking, related threads and
// similar case studies. Swedish first; every key exists in both.
export const similar = {
  sv: {
    heading: "Liknande frågor",
    related: "Relaterade trådar",
    cases: "Liknande fallstudier",
    intro: "Någon kan redan ha frågat samma sak. Länkarna öppnas i en ny flik, så det du har skrivit finns kvar.",
    solved: "Löst",
    kind: { question: "Fråga", discussion: "Diskussion", case: "Fallstudie" },
  },
  en: {
    heading: "Similar questions",
    related: "Related threads",
    cases: "Similar case studies",
    intro: "Someone may already have asked the same thing. The links open in a new tab, so what you have written stays here.",
    solved: "Solved",
    kind: { question: "Question", discussion: "Discussion", case: "Case study" },
  },
};
