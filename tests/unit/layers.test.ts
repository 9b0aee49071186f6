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
