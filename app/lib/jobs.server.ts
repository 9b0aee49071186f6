import type { DB } from "../../db/client";

export type BackgroundJobs = { stop: () => Promise<void> };

/**
 * Starts the background workers (search indexing, mail) in this process. The search issue
 * registers its worker here; with none registered this is a no-op.
 */
export async function startBackgroundJobs(_db: DB): Promise<BackgroundJobs> {
  return { stop: async () => {} };
}
