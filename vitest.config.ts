import path from "node:path";
import { defineConfig } from "vitest/config";

// Three projects that also run alone (`vitest run --project unit`, `integration`, `e2e`):
// - unit: pure code, no database, no server;
// - integration: real PostgreSQL (one embedded server per run; each file gets a fresh database
//   copied from a migrated template) and, where a file needs it, the production app server;
// - e2e: Debian's Chromium against that real server.
// integration and e2e share one global set-up per run (tests/support/global-setup.ts).
const serverSetup = ["tests/support/global-setup.ts"];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    globals: true,
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    reporters: ["default"],
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"], globalSetup: serverSetup } },
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], globalSetup: serverSetup } },
    ],
  },
});
