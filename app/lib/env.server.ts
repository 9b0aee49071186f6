import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(10),
  PG_DATA_DIR: z.string().default(".data/postgres"),
  PG_PORT: z.coerce.number().int().default(54329),
  SEED: z.enum(["auto", "never"]).default("auto"),
  DEMO_MODE: bool.optional(),
  TRUST_PROXY: z.coerce.number().int().default(0),
  APP_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Allmänning <noreply@allmanning.invalid>"),
  MEILI_HOST: z.string().url().optional(),
  MEILI_API_KEY: z.string().optional(),
  /** Rendered-page cache per app process (see app/lib/page-cache.server.ts); 0 turns it off. */
  /** HTTP processes; set it to the number of cores in production (the app is stateless). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  PAGE_CACHE_MB: z.coerce.number().min(0).default(64),
  PAGE_CACHE_TTL_S: z.coerce.number().min(0).default(60),
  /** Routing unanswered questions to people with expertise (app/routing): after how many working days, to at most how many people, at most how many a week each. */
  ROUTING_AFTER_WORKING_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  ROUTING_MAX_PEOPLE: z.coerce.number().int().min(1).max(20).default(5),
  ROUTING_WEEKLY_CAP: z.coerce.number().int().min(0).max(100).default(3),
  /** Evaluation nudges (app/cases/nudges.server.ts): months in Pilot with "evaluated: no" before the owner is asked. */
  NUDGE_PILOT_MONTHS: z.coerce.number().int().min(1).max(60).default(6),
});

export type Env = z.infer<typeof schema> & { DEMO_MODE: boolean };

/** Reads and validates the environment once; fails start-up with a readable message. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (!source.NODE_ENV) source.NODE_ENV = "production";
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  // Demo mode (demo accounts, dev mailbox) is on by default for the embedded database only.
  const demo = parsed.data.DEMO_MODE ?? !parsed.data.DATABASE_URL;
  return { ...parsed.data, DEMO_MODE: demo };
}
