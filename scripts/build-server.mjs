// The server entry compiled once at build time (`npm run build`), so production processes run
// plain JavaScript: no TypeScript loader thread, which held ~130 MB of heap per process
// (docs/decisions/2026-12-08-compiled-server.md). Packages stay imports of node_modules.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outfile = path.resolve(root, process.env.BUILD_DIR || "build", "server.mjs");
await build({
  entryPoints: [path.join(root, "server.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});
