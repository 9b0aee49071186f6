import { z } from "zod";
import { PROFILE_LISTS, type ProfileList } from "./types";

const list = z.enum(PROFILE_LISTS as [ProfileList, ...ProfileList[]]);
const after = z.string().regex(/^\d{1,15}-\d{1,18}$/);

/** The profile's query string: which list to page through, and from where. Anything malformed means "the whole profile". */
export function profileQuery(p: URLSearchParams): { list: ProfileList | null; after: string | null } {
  const l = list.safeParse(p.get("list"));
  const a = after.safeParse(p.get("after"));
  return { list: l.success ? l.data : null, after: l.success && a.success ? a.data : null };
}
