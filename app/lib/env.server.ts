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
  /** Demo accounts with a known password and the dev mailbox. Only ever on when set explicitly. */
  DEMO_MODE: bool.optional(),
  /** Demo mode refuses a non-loopback HOST unless this is set (a deliberate, logged choice). */
  DEMO_ALLOW_PUBLIC: bool.optional(),
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
  /** Operations (app/ops): /metrics behind a bearer token, or on a port of its own; pino's log level. */
  METRICS_TOKEN: z.string().min(16).optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().default("127.0.0.1"),
  /** On a stop signal, how long the server keeps answering 503 before it stops accepting (load balancers notice). */
  DRAIN_SECONDS: z.coerce.number().min(0).max(120).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** JSON API (/api/v1): requests per minute per personal access token, and per client address without a token. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  API_ANON_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Days the search log (normalised queries without the person, for /insights) is kept. */
  RETENTION_SEARCH_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
});

export type Env = z.infer<typeof schema> & { DEMO_MODE: boolean; DEMO_ALLOW_PUBLIC: boolean; DRAIN_SECONDS: number };

/** Reads and validates the environment once; fails start-up with a readable message. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  if (!source.NODE_ENV) source.NODE_ENV = "production";
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  // Demo mode (known demo passwords, dev mailbox) is never a default: `npm start` on a fresh
  // checkout asks for it (server.ts --local-demo), a deployment never gets it by leaving a variable out.
  const demo = parsed.data.DEMO_MODE ?? false;
  // The local demo stops at once on Ctrl-C; a deployment drains for 5 s by default.
  return { ...parsed.data, DEMO_MODE: demo, DEMO_ALLOW_PUBLIC: parsed.data.DEMO_ALLOW_PUBLIC ?? false, DRAIN_SECONDS: parsed.data.DRAIN_SECONDS ?? (demo ? 0 : 5) };
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.replace(/^::ffff:/, "");
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Demo mode publishes every account's password (README) and a mailbox with sign-in links, so it
 * may only listen where no one else can connect, unless DEMO_ALLOW_PUBLIC says so on purpose.
 * Returns the lines to print; throws when the start must be refused.
 */
export function demoBindCheck(env: Pick<Env, "DEMO_MODE" | "DEMO_ALLOW_PUBLIC" | "HOST">): string[] {
  if (!env.DEMO_MODE || isLoopbackHost(env.HOST)) return [];
  const banner = "!".repeat(78);
  if (!env.DEMO_ALLOW_PUBLIC) {
    throw new Error(
      `Refusing to start: demo mode (DEMO_MODE=1) would listen on HOST=${env.HOST}, reachable from other machines.\n` +
        "Demo mode has accounts with a published password and a mailbox with sign-in links.\n" +
        "Bind to 127.0.0.1 (the default), turn demo mode off (DEMO_MODE=0 and a real DATABASE_URL/SMTP_URL),\n" +
        "or, for a throw-away demo on a network you trust, force it with DEMO_ALLOW_PUBLIC=1.",
    );
  }
  return [
    banner,
    `WARNING: DEMO MODE IS LISTENING ON ${env.HOST} (DEMO_ALLOW_PUBLIC=1).`,
    "Anyone who can reach this address can sign in to every demo account with the published password.",
    "Never run this with real people or real data.",
    banner,
  ];
}
