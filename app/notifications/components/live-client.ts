// One EventSource per page, shared by the bell and the thread page's "new posts" banner. Each
// component registers what it wants (the thread and how many replies the page shows); the stream
// is (re)opened with all of it. EventSource reconnects by itself and sends Last-Event-ID.
import { useEffect, useState } from "react";

export type LiveState = { unread: number | null; newPosts: number | null };
type Want = { thread?: string; seen?: number };

const wants = new Set<Want>();
const listeners = new Set<(s: LiveState) => void>();
let source: EventSource | null = null;
let url = "";
let last: LiveState | null = null;
let pending = false;

function reopen() {
  pending = false;
  const thread = [...wants].find((w) => w.thread);
  const next = `/events${thread ? `?thread=${thread.thread}&seen=${thread.seen ?? 0}` : ""}`;
  if (!wants.size) {
    source?.close();
    source = null;
    url = "";
    return;
  }
  if (source && next === url) return;
  source?.close();
  url = next;
  source = new EventSource(next);
  source.addEventListener("state", (e) => {
    try {
      last = JSON.parse((e as MessageEvent<string>).data) as LiveState;
    } catch {
      return;
    }
    for (const l of listeners) l(last);
  });
}

const schedule = () => {
  if (pending) return;
  pending = true;
  queueMicrotask(reopen);
};

/** The live state for this page (null until the first message arrives). */
export function useLiveState(want: Want = {}): LiveState | null {
  const [state, setState] = useState<LiveState | null>(null);
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const w = { ...want };
    wants.add(w);
    listeners.add(setState);
    if (last) setState(last);
    schedule();
    return () => {
      wants.delete(w);
      listeners.delete(setState);
      schedule();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [want.thread, want.seen]);
  return state;
}
