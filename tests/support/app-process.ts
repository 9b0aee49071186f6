import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export type AppProcess = {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  log: () => string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<void>;
};

/**
 * Spawns its own production server (server.ts, the build in build/) with the given environment,
 * separate from the shared one of the global setup, so a test may kill it or its database.
 */
export async function spawnApp(env: Record<string, string | undefined>, args: string[] = []): Promise<AppProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const base: Record<string, string | undefined> = { ...process.env };
  // The test runner's own settings must not leak into the server under test.
  for (const k of ["DATABASE_URL", "DEMO_MODE", "DEMO_ALLOW_PUBLIC", "SMTP_URL", "PG_DATA_DIR", "PG_PORT", "HOST", "SEED"]) delete base[k];
  const proc = spawn(process.execPath, ["build/server.mjs", ...args], {
    env: { ...base, NODE_ENV: "production", PORT: String(port), ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout?.on("data", (d) => (log += d));
  proc.stderr?.on("data", (d) => (log += d));
  const exited = new Promise<number | string>((resolve) => proc.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proc,
    log: () => log,
    exited,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      await exited;
    },
  };
}

/** Polls `url` until it answers `status` (default 200); fails with the server's log otherwise. */
export async function waitForStatus(app: AppProcess, path: string, timeoutMs: number, status = 200): Promise<number> {
  const started = Date.now();
  let last = "no answer";
  while (Date.now() - started < timeoutMs) {
    if (app.proc.exitCode !== null || app.proc.signalCode !== null) throw new Error(`server exited (${app.proc.exitCode ?? app.proc.signalCode}):\n${app.log()}`);
    try {
      const r = await fetch(app.url + path, { redirect: "manual", signal: AbortSignal.timeout(3000) });
      await r.arrayBuffer();
      if (r.status === status) return Date.now() - started;
      last = String(r.status);
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} did not answer ${status} within ${timeoutMs} ms (last: ${last}):\n${app.log()}`);
}
