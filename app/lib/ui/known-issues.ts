// The accessibility statement's known shortcomings (/tillganglighet), each with the WCAG 2.1
// success criteria it fails, when it was recorded and when it is to be fixed by. Text lives in
// the ux catalogue under known.<id>. Remove an entry in the change that fixes it.
export type KnownIssue = { id: string; wcag: string[]; found: string; fixBy: string | null };

export const KNOWN_ISSUES: KnownIssue[] = [
  { id: "listLanguage", wcag: ["3.1.2"], found: "2026-12-07", fixBy: "2027-01-31" },
  // Members' own texts and files: checked by people, not by the tests, so never "fixed".
  { id: "memberContent", wcag: ["1.1.1", "2.4.4"], found: "2026-11-23", fixBy: null },
];
