import pg from "pg";
import { LIVE_CHANNEL } from "./types";

/** One message on the live channel: an event id, and the thread, case or recipients it concerns. */
export type LiveMessage = { e: string; t?: string | null; c?: string | null; u?: string[]; resync?: boolean };
type Listener = (m: LiveMessage) => void;

/**
 * The process's one LISTEN connection, shared by every open live stream: PostgreSQL NOTIFY is
 * delivered to every app process on every machine, and each fans it out in memory. Opened with
 * the first listener, reopened with backoff when the connection drops (streams then resume from
 * the events table by their Last-Event-ID), closed with the last.
 */
class LiveHub {
  private listeners = new Set<Listener>();
  private client: pg.Client | null = null;
  private opening: Promise<void> | null = null;
  private retry = 500;

  constructor(private readonly url: () => string | undefined) {}

  get size() {
    return this.listeners.size;
  }

  /**
   * Adds a listener. `ready` resolves once LISTEN is active (or could not be set up), so a
   * stream computes its first state after it, and nothing committed in between is missed.
   */
  subscribe(fn: Listener): { ready: Promise<void>; unsubscribe: () => void } {
    this.listeners.add(fn);
    const ready = this.open().catch(() => undefined);
    return {
      ready,
      unsubscribe: () => {
        this.listeners.delete(fn);
        if (this.listeners.size === 0) void this.close();
      },
    };
  }

  private async open(): Promise<void> {
    if (this.client) return;
    if (this.opening) return this.opening;
    const url = this.url();
    if (!url) return;
    this.opening = (async () => {
      const c = new pg.Client({ connectionString: url, application_name: "allmanning-live" });
      c.on("error", () => this.dropped(c));
      c.on("end", () => this.dropped(c));
      c.on("notification", (n) => {
        if (n.channel !== LIVE_CHANNEL || !n.payload) return;
        let m: LiveMessage;
        try {
          m = JSON.parse(n.payload) as LiveMessage;
        } catch {
          return;
        }
        // The id goes verbatim into an SSE "id:" line: only an events.id (digits) may pass.
        if (typeof m?.e !== "string" || !/^\d{0,19}$/.test(m.e)) return;
        for (const l of this.listeners) l(m);
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${LIVE_CHANNEL}`);
        const reopened = this.retry > 500;
        this.client = c;
        this.retry = 500;
        // After a dropped connection, NOTIFYs in the gap are gone: every stream recomputes.
        if (reopened) for (const l of this.listeners) l({ e: "", resync: true });
      } catch {
        await c.end().catch(() => undefined);
        this.scheduleReopen();
      }
    })().finally(() => (this.opening = null));
    return this.opening;
  }

  private dropped(c: pg.Client) {
    if (this.client !== c) return;
    this.client = null;
    this.scheduleReopen();
  }

  private scheduleReopen() {
    if (!this.listeners.size) return;
    const wait = this.retry;
    this.retry = Math.min(this.retry * 2, 10_000);
    setTimeout(() => void this.open(), wait).unref();
  }

  private async close() {
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}

const g = globalThis as typeof globalThis & { __allmanningLive?: LiveHub };
/** The process-wide hub (kept on globalThis: the server entry and the Remix bundle share it). */
export const liveHub = (): LiveHub => (g.__allmanningLive ??= new LiveHub(() => process.env.DATABASE_URL));
