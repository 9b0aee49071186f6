// An SSE client that never reads is dropped without holding memory. A real TCP client (Python's
// socket, which, unlike Node's net.Socket, can shrink its receive buffer before connecting) opens
// /events as a signed-in person and then reads nothing, while PostgreSQL NOTIFY makes the server
// send state after state. Once the kernel's buffers are full, the process's own buffer for that
// response grows; past SSE_MAX_BUFFERED_BYTES the server must close the connection. Proof: the
// stream's LISTEN connection closes while the client still reads nothing, and when the client
// finally reads, it gets what the buffers held and then the end of the stream (a stream still
// held open would never end).
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
    // NOTIFYs that arrive while it recomputes are coalesced. The kernel's send buffer for the
    // socket takes the first part of the backlog, and how much it takes depends on the machine
    // (from ~15 KB to a few hundred KB), so the flood goes on until the server drops the stream:
    // the stream was the process's only live listener, so its LISTEN connection then closes,
    // which PostgreSQL shows (in this file's own database: other files' servers listen too).
    // With the drop disabled, that never happens and the test fails.
    const listening = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'allmanning-live' AND datname = current_database()`.execute(db)).rows[0].n);
    expect(await listening()).toBe(1);
    const t0 = Date.now();
    let batches = 0;
    while ((await listening()) > 0) {
      if (Date.now() - t0 > 150_000) throw new Error(`the stream was not dropped after ${batches} batches of NOTIFYs`);
      // Distinct payloads (PostgreSQL folds identical NOTIFYs of one transaction into one).
      await sql`SELECT pg_notify(${LIVE_CHANNEL}, json_build_object('e', (${batches * 100} + i)::text, 'u', json_build_array(${user.id}::text))::text)
                FROM generate_series(1, 100) AS i`.execute(db);
      batches++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const dropAfterMs = Date.now() - t0;
    client.stdin.write("read\n");
    await until(/bytes=\d+ eof=\d/, 20_000);
    const [, bytes, eof] = /bytes=(\d+) eof=(\d)/.exec(out)!;
    console.log(`slow SSE client: dropped after ${dropAfterMs} ms (${batches} batches of 100 NOTIFYs); then received ${bytes} bytes and eof=${eof} (limit ${LIMIT})`);
    // The stream has ended: what the client gets is what sat in the kernel's buffers, then EOF.
    expect(eof).toBe("1");
    client.kill();
  }, 200_000);
});
