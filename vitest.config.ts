import path from "node:path";
import { defineConfig } from "vitest/config";

// One embedded PostgreSQL per test run (global setup); each test file gets a fresh database
// copied from a migrated template. Browser tests drive Debian's Chromium against a real server.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    globals: true,
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
