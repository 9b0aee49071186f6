// `npm start` builds only when an input of the build changed since the last one: a second start
// on an unchanged checkout goes straight to the server. Inputs: the code Remix bundles (app/,
// db/, search/), the server entry compiled beside it (server.ts, scripts/build-server.mjs), their
// configuration and the installed dependencies (the lockfile).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(import.meta.dirname, "..");
const buildDir = path.resolve(root, process.env.BUILD_DIR || "build");
const stamp = path.join(buildDir, ".inputs-sha256");
const INPUTS = ["app", "db", "search", "server.ts", "scripts/build-server.mjs", "remix.config.js", "remix.env.d.ts", "tsconfig.json", "package.json", "package-lock.json"];

function files(p: string): string[] {
  const abs = path.join(root, p);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [p];
  return readdirSync(abs, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(p, f))
    .filter((f) => statSync(path.join(root, f)).isFile())
    .sort();
}

const hash = createHash("sha256");
for (const f of INPUTS.flatMap(files)) hash.update(f).update("\0").update(readFileSync(path.join(root, f))).update("\0");
const digest = hash.digest("hex");

if (existsSync(path.join(buildDir, "index.js")) && existsSync(path.join(buildDir, "server.mjs")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === digest) {
  console.log("Build is up to date (no input changed since the last build).");
} else {
  const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, digest + "\n");
}
