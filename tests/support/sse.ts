// Reads the live stream (/events) of a real server, collecting its "state" messages.

export type LiveMessage = { id: string; data: { unread: number | null; newPosts: number | null } };

export async function openLiveStream(url: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { Accept: "text/event-stream", ...headers }, signal: ac.signal });
  const messages: LiveMessage[] = [];
  const state = { ended: false };
  let buf = "";
  if (res.status === 200) {
    void (async () => {
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return void (state.ended = true);
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const id = /^id: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (id && data && /^event: state$/m.test(block)) messages.push({ id, data: JSON.parse(data) });
          }
        }
      } catch {
        state.ended = true; // aborted or cut off by the server
      }
    })();
  }
  return { res, messages, state, close: () => ac.abort() };
}

/** Waits until `f` holds, polling every 25 ms; throws after `ms`. */
export async function until(f: () => boolean | Promise<boolean>, ms = 3000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
