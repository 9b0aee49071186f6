// Confirmation steps for destructive actions: one registry of kinds, one route (/confirm/<kind>),
// one panel (page without JavaScript, <dialog> with it). A kind describes what will happen and
// where the real form posts; the domain function behind that form still decides.

export const CONFIRM_KINDS = ["deleteThread", "deletePost", "deleteCase", "removeAdoption", "dispose", "deactivate", "removeMember"] as const;
export type ConfirmKind = (typeof CONFIRM_KINDS)[number];
export const isConfirmKind = (k: unknown): k is ConfirmKind => typeof k === "string" && (CONFIRM_KINDS as readonly string[]).includes(k);

/** One line of "what will happen", as a catalogue key in the confirm namespace with its values. */
export type ConfirmFact = { key: string; params?: Record<string, string | number> };

export type ConfirmView = {
  kind: ConfirmKind;
  /** The item's name as people know it (a title, a person's name). */
  name: string;
  facts: ConfirmFact[];
  /** Where the confirmed form posts, and its hidden fields (the route's own action). */
  action: string;
  fields: Record<string, string>;
  /** Back to where the person came from. */
  cancelTo: string;
  /** Gallring asks for the disposal decision. */
  decisionRef?: boolean;
};

/** The confirm page for an action: its parameters travel in the query string. */
export function confirmHref(kind: ConfirmKind, params: Record<string, string>): string {
  return `/confirm/${kind}?${new URLSearchParams(params).toString()}`;
}

/** The field that marks a post as confirmed; a post without it goes to the confirm page first. */
export const CONFIRMED_FIELD = "confirmed";
