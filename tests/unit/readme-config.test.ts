import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// Every environment variable the code reads is documented in the README's configuration table.
const root = path.resolve(import.meta.dirname, "../..");
const SOURCES = ["app", "db", "search", "server.ts"];
const IGNORED = new Set(["NODE_ENV"]); // listed, but also set by tools; kept for clarity below

function files(p: string): string[] {
  const abs = path.join(root, p);
  if (statSync(abs).isFile()) return [abs];
  return readdirSync(abs, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => path.join(abs, f));
}

function variablesRead(): Set<string> {
  const found = new Set<string>();
  const pattern = /(?:process\.env|\benv|\bsource)(?:\.([A-Z][A-Z0-9_]+)|\[["']([A-Z][A-Z0-9_]+)["']\])/g;
  for (const f of SOURCES.flatMap(files)) {
    for (const m of readFileSync(f, "utf8").matchAll(pattern)) found.add(m[1] ?? m[2]);
  }
  return found;
}

function configurationTable(): string {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf("## Configuration");
  expect(start, "README has a Configuration section").toBeGreaterThan(-1);
  const rest = readme.slice(start + 1);
  const end = rest.search(/\n## /);
  return end === -1 ? rest : rest.slice(0, end);
}

test("the README's configuration table lists every environment variable the code reads", () => {
  const table = configurationTable();
  const documented = new Set([...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
  const read = variablesRead();
  expect(read.size).toBeGreaterThan(20);
  const missing = [...read].filter((v) => !documented.has(v) && !IGNORED.has(v)).sort();
  expect(missing).toEqual([]);
});
