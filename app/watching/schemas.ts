import { z } from "zod";
import { WATCH_LEVELS, WATCH_TARGETS } from "./types";

/** A watch-level form (thread, tag, case and organisation pages, and the settings page). */
export const watchFormSchema = z.object({
  targetType: z.enum(WATCH_TARGETS as [string, ...string[]], { message: "notifications:errors.target" }),
  targetId: z.string().regex(/^\d{1,18}$/, "notifications:errors.target"),
  level: z.enum(WATCH_LEVELS as [string, ...string[]], { message: "notifications:errors.level" }),
  firstPostOnly: z.enum(["0", "1"]).optional(),
});
export type WatchForm = z.infer<typeof watchFormSchema>;
