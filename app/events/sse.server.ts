// The live stream (Server-Sent Events) at /events: the viewer's unread count and, on a thread
// page, how many new replies they may read since the page was rendered. Fed by the process's one
// LISTEN connection (live.server.ts); every message only says "something changed for you / in
// this thread", and the state sent is always recomputed from PostgreSQL with the reader's
// *current* rights, so a missed or replayed message can never show too much or too little.
// Event ids are events.id: a reconnect (Last-Event-ID) gets the state as of now, which includes
// everything after the id it last saw.
import type { NextFunction, Request, Response } from "express";
import type { DB } from "../../db/client";
import type { ContextResult } from "../lib/page-cache.server";
import { canReadThread, canSeePost } from "../policy";
import { threadInfo } from "../notifications/fanout.repo.server";
import { recipientViewers } from "../notifications/notifications.repo.server";
import { unreadCount } from "../notifications/notifications.server";
import { latestEventId } from "./events.repo.server";
import { liveHub } from "./live.server";
import { repliesAfter } from "./live.repo.server";

/**
 * A client whose unread backlog (what the process holds for it beyond the kernel's socket
 * buffers) grows past this is dropped (it reconnects and resumes). SSE_MAX_BUFFERED_BYTES lowers
 * it for the test that proves the drop (tests/integration/sse-slow-client.test.ts).
 */
export const MAX_BUFFERED_BYTES = Number(process.env.SSE_MAX_BUFFERED_BYTES) > 0 ? Number(process.env.SSE_MAX_BUFFERED_BYTES) : 64 * 1024;
const HEARTBEAT_MS = 25_000;

type State = { unread: number | null; newPosts: number | null };

async function stateFor(db: DB, userId: string | null, threadId: string | null, seen: number): Promise<State | null> {
  const viewer = userId ? ((await recipientViewers(db, [userId])).get(userId) ?? null) : null;
  if (userId && !viewer) return null; // signed out meanwhile, deactivated or no membership left
  const ctx = { db, viewer, now: new Date() };
  let newPosts: number | null = null;
  if (threadId) {
    const t = await threadInfo(db, threadId);
    if (t && !t.deletedAt && canReadThread(viewer, t)) {
      const rows = await repliesAfter(db, threadId, seen);
      newPosts = rows.filter((p) => canSeePost(viewer, t, { authorId: p.author_id, hiddenAt: p.hidden_at, deletedAt: p.deleted_at })).length;
    }
  }
  return { unread: viewer ? await unreadCount(ctx) : null, newPosts };
}

/** Open streams of this process, so a stopping server can end them (clients reconnect elsewhere). */
const openStreams = new Set<(graceful?: boolean) => void>();

/** Ends every live stream of this process cleanly; EventSource reconnects (to another instance). */
export function endLiveStreams(): void {
  for (const close of [...openStreams]) close(true);
}

export function liveEvents(opts: { db: DB; buildContext: (req: Request) => Promise<ContextResult> }) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== "/events" || req.method !== "GET") return next();
    try {
      const { context } = (res.locals.appContext as ContextResult | undefined) ?? (await opts.buildContext(req));
      const userId = context.viewer?.id ?? null;
      const q = req.query as Record<string, unknown>;
      let threadId = typeof q.thread === "string" && /^\d{1,18}$/.test(q.thread) ? q.thread : null;
      const seen = typeof q.seen === "string" && /^\d{1,7}$/.test(q.seen) ? Number(q.seen) : 0;
      // Listen first, then read the state: whatever commits after LISTEN is active is notified,
      // whatever committed before is in the state.
      let closed = false;
      let refresh: (id: string) => void = () => undefined;
      const sub = liveHub().subscribe((m) => {
        if (m.resync || (userId && m.u?.includes(userId)) || (threadId && m.t === threadId)) refresh(m.e);
      });
      await sub.ready;
      const [first, startId] = await Promise.all([stateFor(opts.db, userId, threadId, seen), latestEventId(opts.db)]);
      if (first && first.newPosts === null) threadId = null;
      // Nothing to stream: 204 tells EventSource not to reconnect.
      if (!first || (first.unread === null && first.newPosts === null)) {
        sub.unsubscribe();
        return void res.status(204).end();
      }

      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      const write = (chunk: string) => {
        if (closed) return;
        // A client that does not read: its socket buffer grows; drop it rather than hold memory.
        if (res.writableLength > MAX_BUFFERED_BYTES) return close();
        res.write(chunk);
      };
      const send = (id: string, s: State) => write(`id: ${id}\nevent: state\ndata: ${JSON.stringify(s)}\n\n`);
      write("retry: 2000\n\n");
      send(startId, first);

      // Messages coalesce: one recomputation at a time, one more if something arrived meanwhile.
      let busy = false;
      let again: string | null = null;
      refresh = async (id: string) => {
        if (busy) return void (again = id);
        busy = true;
        try {
          const s = await stateFor(opts.db, userId, threadId, seen);
          // No longer signed in or a member: end the stream cleanly (its reconnect then gets 204).
          if (!s) return close(true);
          send(id || (await latestEventId(opts.db)), s);
        } catch {
          /* the next message or the client's reconnect recomputes */
        } finally {
          busy = false;
          if (again !== null && !closed) {
            const next = again;
            again = null;
            refresh(next);
          }
        }
      };
      const unsubscribe = sub.unsubscribe;
      const beat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
      beat.unref();
      /** A graceful close ends the response; a dropped (slow or gone) client's socket is destroyed. */
      function close(graceful = false) {
        if (closed) return;
        closed = true;
        openStreams.delete(close);
        clearInterval(beat);
        unsubscribe();
        if (graceful) res.end();
        else res.destroy();
      }
      openStreams.add(close);
      req.on("close", () => close());
      res.on("close", () => close());
    } catch (error) {
      next(error);
    }
  };
}
