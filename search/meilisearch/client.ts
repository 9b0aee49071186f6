import { MeiliSearch } from "meilisearch";

export const MEILI_INDEX = "allmanning";

export type MeiliConfig = { host: string; apiKey?: string; index?: string };

/** Meilisearch configuration from MEILI_HOST / MEILI_API_KEY, or null when search stays in PostgreSQL. */
export function meiliConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MeiliConfig | null {
  const host = env.MEILI_HOST?.trim();
  if (!host) return null;
  return { host, apiKey: env.MEILI_API_KEY || undefined, index: env.MEILI_INDEX || MEILI_INDEX };
}

/** A client with a short timeout: a slow or absent server must not hold a request. */
export function meiliClient(cfg: MeiliConfig): MeiliSearch {
  return new MeiliSearch({ host: cfg.host, apiKey: cfg.apiKey, timeout: 2000 });
}

/** True when the server answers its health check within the timeout. */
export async function meiliReachable(cfg: MeiliConfig | null): Promise<boolean> {
  if (!cfg) return false;
  try {
    return await meiliClient(cfg).isHealthy();
  } catch {
    return false;
  }
}
