import type { WatchLevel, WatchTarget } from "../../db/types/community";

export type { WatchLevel, WatchTarget };
export const WATCH_LEVELS: readonly WatchLevel[] = ["watching", "tracking", "normal", "muted"];
export const WATCH_TARGETS: readonly WatchTarget[] = ["thread", "tag", "case", "org"];

/** One of a person's watches as the settings page shows it. */
export type Watch = {
  targetType: WatchTarget;
  targetId: string;
  level: WatchLevel;
  firstPostOnly: boolean;
  /** Null when the person may no longer read the target (its title is never shown then). */
  title: string | null;
  href: string | null;
};
