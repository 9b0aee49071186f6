// An SSE client that never reads is dropped without holding memory. A real TCP client (Python's
// socket, which, unlike Node's net.Socket, can shrink its receive buffer before connecting) opens
// /events as a signed-in person and then reads nothing, while PostgreSQL NOTIFY makes the server
// send state after state. Once the kernel's buffers are full, the process's own buffer for that
// response grows; past SSE_MAX_BUFFERED_BYTES the server must close the connection. Proof: when
// the client finally reads, it gets a bounded amount and then the end of the stream (a stream
// still held open would never end).
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";
import { spawnApp, waitForStatus, type AppProcess } from "../support/app-process";
import { LIVE_CHANNEL } from "../../app/events/types";

const LIMIT = 4096;
let db: DB;
let url: string;
let destroy: () => Promise<void>;
let app: AppProcess;

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  app = await spawnApp({ DATABASE_URL: url, SSE_MAX_BUFFERED_BYTES: String(LIMIT), SMTP_URL: "smtp://127.0.0.1:2", SEED: "never", HOST: "127.0.0.1", SEARCH_WORKER: "0" });
  await waitForStatus(app, "/healthz", 60_000);
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await destroy();
});

// Connects with a 1 KiB receive buffer and small segments (loopback's 64 KiB MTU would otherwise
// let the server's kernel buffer megabytes), sends the request, prints "sent", then reads nothing
// until a line arrives on stdin; then reads until EOF (or 10 s of silence) and prints
// "bytes=<n> eof=<0|1>".
const CLIENT = `
import socket, sys
host, port, cookie = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
s.connect((host, port))
s.sendall(("GET /events HTTP/1.1\\r\\nHost: %s:%d\\r\\nAccept: text/event-stream\\r\\nCookie: %s\\r\\n\\r\\n" % (host, port, cookie)).encode())
print("sent", flush=True)
sys.stdin.readline()
s.settimeout(10)
n, eof = 0, 0
try:
    while True:
        d = s.recv(65536)
        if not d:
            eof = 1
            break
        n += len(d)
except socket.timeout:
    eof = 2
except ConnectionResetError:
    eof = 3
print("bytes=%d eof=%d" % (n, eof), flush=True)
`;

describe("SSE: a client that never reads", () => {
  it("is dropped once its backlog passes the limit, and the stream ends", async () => {
    const org = await createOrg(db);
    const user = await createUser(db, { orgId: org.id });
    const login = await fetch(`${app.url}/login`, {
      method: "POST", redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ email: user.email, password: FACTORY_PASSWORD }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    expect(cookie).toMatch(/=/);

    const client = spawn("python3", ["-c", CLIENT, "127.0.0.1", String(app.port), cookie], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    client.stdout.on("data", (d) => (out += d));
    client.stderr.on("data", (d) => (out += d));
    const until = async (re: RegExp, ms: number) => {
      const t0 = Date.now();
      while (!re.test(out)) {
        if (Date.now() - t0 > ms) throw new Error(`client said: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(/sent/, 10_000);
    await new Promise((r) => setTimeout(r, 500)); // the stream is open and listening

    // Each NOTIFY for this person makes the server recompute and send a state message (~60 bytes);
    // NOTIFYs that arrive while it recomputes are coalesced, so they are paced: ~1,500 messages,
    // far more than the kernel's socket buffers (~15 KB here) plus the limit.
    const payload = JSON.stringify({ e: "1", u: [user.id] });
    for (let i = 0; i < 1500; i++) {
      await sql`SELECT pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(db);
      await new Promise((r) => setTimeout(r, 4));
    }
    await new Promise((r) => setTimeout(r, 1000));
    client.stdin.write("read\n");
    await until(/bytes=\d+ eof=\d/, 20_000);
    const [, bytes, eof] = /bytes=(\d+) eof=(\d)/.exec(out)!;
    console.log(`slow SSE client: received ${bytes} bytes, then eof=${eof} (limit ${LIMIT})`);
    expect(eof).toBe("1");
    // What it got is what sat in the buffers, far less than all it was sent (3,000 × ~60 bytes).
    expect(Number(bytes)).toBeLessThan(150_000);
    client.kill();
  }, 120_000);
});
