import type { DB } from "../../db/client";
import { refreshInsightAggregates } from "./questions.repo.server";

// The insights capability's job: refresh the materialised per-question facts. Every ten minutes,
// so answer figures on /insights are at most that old (the page says figures are recomputed).
export const INSIGHTS_CRONTAB = "*/10 * * * * insights_refresh";
export const insightsTasks = (db: DB) => ({ insights_refresh: async () => { await refreshInsightAggregates(db); } });
