import type { TagRef } from "../forum/types";

/** What each kind of contribution adds to a person's expertise in each of its tags. */
export const POINTS = { accepted: 10, vote: 1, case: 15 } as const;

export type ExpertiseTag = TagRef & { score: number; accepted: number; votes: number; cases: number };
export type ExpertiseArea = { area: string; score: number };
export type Expert = { handle: string; name: string; orgName: string | null; score: number; accepted: number; votes: number; cases: number };

export type ProfileList = "questions" | "answers" | "cases" | "adoptions";
export const PROFILE_LISTS: readonly ProfileList[] = ["questions", "answers", "cases", "adoptions"];

import type { Audience } from "../lib/ui/visibility-badge";

export type ProfileQuestion = { id: string; href: string; title: string; createdAt: string; replyCount: number; solved: boolean; audience: Audience };
export type ProfileAnswer = { id: string; href: string; title: string; createdAt: string; votes: number; accepted: boolean; audience: Audience };
export type ProfileCase = { id: string; href: string; title: string; createdAt: string; status: string | null; orgName: string; audience: Audience };
export type ProfileAdoption = { id: string; href: string; title: string; createdAt: string; status: string; orgName: string };

export type ListPage<T> = { items: T[]; next: string | null };
