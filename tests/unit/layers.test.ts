import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// "Each capability writes only its own tables, through its own functions" (STYLE.md 7b), checked
// by a tool rather than by memory: moderation asks the forum and the cases capability to change
// their rows; it never writes those tables itself, neither with Kysely nor with the sql tag.

const FORUM_AND_CASES = ["threads", "posts", "thread_tags", "post_revisions", "votes", "cases", "case_revisions", "case_tags", "case_partners", "case_figures", "case_links", "adoptions"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

/** Every write to one of `tables` in a source text: Kysely builders and raw SQL statements. */
export function writesTo(source: string, tables: string[]): string[] {
  const names = tables.join("|");
  const patterns = [
    new RegExp(`\\b(?:updateTable|insertInto|deleteFrom|replaceInto|mergeInto)\\(\\s*["'\`](${names})(?:\\s+as\\s+\\w+)?["'\`]`, "g"),
    new RegExp(`\\b(?:UPDATE|INSERT\\s+INTO|DELETE\\s+FROM|TRUNCATE)\\s+(?:ONLY\\s+)?(${names})\\b`, "gi"),
    // A table name chosen at run time and written to: sql.table(...) next to a write keyword.
    /\b(?:UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+\$\{\s*(?:sql\.table|table)\(/gi,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[0]));
}

describe("layer rules", () => {
  it("finds writes in the shapes moderation used to write them (the check can fail)", () => {
    expect(writesTo(`await trx.updateTable("threads").set({})`, FORUM_AND_CASES)).toHaveLength(1);
    expect(writesTo("await sql`UPDATE cases SET x = 1`", FORUM_AND_CASES)).toHaveLength(1);
    expect(writesTo("sql`DELETE FROM ${table(type)} WHERE id = 1`", FORUM_AND_CASES)).toHaveLength(1);
    expect(writesTo("sql`UPDATE flags SET text = ''`", FORUM_AND_CASES)).toHaveLength(0);
    expect(writesTo(`db.selectFrom("threads as t")`, FORUM_AND_CASES)).toHaveLength(0);
  });

  it("moderation writes no forum or case table: it calls their functions", () => {
    const root = path.resolve(import.meta.dirname, "../../app/moderation");
    const found = filesUnder(root).flatMap((f) => writesTo(readFileSync(f, "utf8"), FORUM_AND_CASES).map((w) => `${path.relative(root, f)}: ${w}`));
    expect(found).toEqual([]);
  });
});

// The import rules of .dependency-cruiser.cjs (routes without db/, repositories only in their own
// capability, app/lib without capabilities, search/ without app runtime code, no cycles between
// capabilities). Imports that broke them before the rules existed are listed in
// .dependency-cruiser-known-violations.json; after fixing some, shrink that list with
//   npx depcruise app search db server.ts --config .dependency-cruiser.cjs --output-type baseline > .dependency-cruiser-known-violations.json
// and never grow it to let a new import through.

const ROOT = path.resolve(import.meta.dirname, "../..");
const DEPCRUISE = path.join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
type Violation = { from: string; to: string; rule: { name: string; severity: string }; cycle?: { name: string }[] };
type Cruise = { summary: { error: number; ignore: number; violations: Violation[] } };

function cruise(cwd: string, args: string[]): Cruise {
  const run = spawnSync(process.execPath, [DEPCRUISE, ...args, "--config", path.join(ROOT, ".dependency-cruiser.cjs"), "--output-type", "json"], {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (!run.stdout.trim().startsWith("{")) throw new Error(`dependency-cruiser did not run: ${run.stderr || run.stdout}`);
  return JSON.parse(run.stdout) as Cruise;
}
const describeViolation = (v: Violation) =>
  `${v.rule.name}: ${v.from} → ${v.cycle?.length ? v.cycle.map((c) => c.name).join(" → ") : v.to}`;

describe("import layers (dependency-cruiser)", () => {
  it("each rule catches its kind of import, and a type-only import from search/ is allowed (the check can fail)", () => {
    const result = cruise(path.join(import.meta.dirname, "fixtures/layers"), ["app", "search", "db"]);
    expect(result.summary.violations.map(describeViolation).sort()).toEqual([
      "lib-no-capability: app/lib/format.ts → app/cases/cases.server.ts",
      "no-capability-cycles: app/cases/cases.server.ts → app/forum/forum.server.ts → app/cases/cases.server.ts",
      "repo-only-in-own-capability: app/cases/cases.server.ts → app/forum/forum.repo.server.ts",
      "routes-no-db: app/routes/page.ts → db/client.ts",
      "search-engine-no-app-runtime: search/engine.ts → app/lib/format.ts",
    ]);
  });

  it("the app breaks no layer rule beyond the known violations", () => {
    const result = cruise(ROOT, ["app", "search", "db", "server.ts", "--ignore-known", ".dependency-cruiser-known-violations.json"]);
    const known = result.summary.violations.filter((v) => v.rule.severity === "ignore");
    const counts = new Map<string, number>();
    for (const v of known) counts.set(v.rule.name, (counts.get(v.rule.name) ?? 0) + 1);
    const perRule = [...counts].map(([rule, n]) => `${rule} ${n}`);
    console.info(`layer rules: ${known.length} known violations (${perRule.join(", ")}), listed in .dependency-cruiser-known-violations.json`);
    const fresh = result.summary.violations.filter((v) => v.rule.severity !== "ignore").map(describeViolation);
    expect(fresh, `New imports break the layer rules in .dependency-cruiser.cjs:\n${fresh.join("\n")}`).toEqual([]);
  });
});
