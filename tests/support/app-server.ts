import { spawn, type ChildProcess } from "node:child_process";
import { freshDatabase } from "./db";
import net from "node:net";
import { seed } from "../../db/seed";
import type { DB } from "../../db/client";

/**
 * A private production server (the built app, `server.ts`) on its own freshly seeded demo
 * database, for tests that write a lot (fuzzing) and must not disturb the shared e2e server.
 */
export async function privateAppServer(): Promise<{ url: string; db: DB; log: () => string; stop: () => Promise<void> }> {
  const fresh = await freshDatabase();
  await seed(fresh.db, { demo: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, DATABASE_URL: fresh.url, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", DEMO_MODE: "1", SEED: "never" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > until) throw new Error(`private app server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    db: fresh.db,
    log: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      await fresh.destroy();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}
