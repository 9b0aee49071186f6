import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { migrations } from "../../db/migrations/index";

// The migrator reads db/migrations/index.ts, not the folder (the compiled server has no
// TypeScript loader): a migration file that is not listed there would never run.
test("db/migrations/index.ts lists every migration file of its folder, by its name, and nothing else", () => {
  const dir = path.resolve(import.meta.dirname, "../../db/migrations");
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.slice(0, -3)).sort();
  expect(files.length).toBeGreaterThan(40);
  expect(Object.keys(migrations).sort()).toEqual(files);
  for (const [name, m] of Object.entries(migrations)) expect(typeof m.up, name).toBe("function");
});
