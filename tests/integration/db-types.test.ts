import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_SCHEMA, generateSchemaTypes } from "../../db/codegen";
import { freshDatabase } from "../support/db";

// db/generated/schema.ts is what kysely-codegen reads from a database migrated from nothing, and
// db/generated/check.ts holds the app's Database type to it at typecheck time. This test keeps the
// committed file honest: a migration that changes the schema without regenerating fails here.

let url: string;
let destroy: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ url, destroy } = await freshDatabase());
  dir = mkdtempSync(path.join(tmpdir(), "allmanning-db-types-"));
});
afterAll(async () => {
  await destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** The lines of `actual` that differ from `expected`, as a short unified-style listing. */
function differences(expected: string, actual: string): string[] {
  const a = expected.split("\n");
  const b = actual.split("\n");
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 40; i++) {
    if (a[i] !== b[i]) out.push(`line ${i + 1}: committed ${JSON.stringify(a[i] ?? "")}, database ${JSON.stringify(b[i] ?? "")}`);
  }
  return out;
}

describe("generated database types", () => {
  it("the committed db/generated/schema.ts is what a freshly migrated database generates", async () => {
    const out = path.join(dir, "schema.ts");
    await generateSchemaTypes(url, out);
    const generated = readFileSync(out, "utf8");
    const committed = readFileSync(path.resolve(import.meta.dirname, "../..", GENERATED_SCHEMA), "utf8");
    // The generated file really describes this database (not an empty or failed generation).
    expect(generated).toMatch(/export interface DB \{[\s\S]*\n  search_outbox: SearchOutbox;/);
    const diff = differences(committed, generated);
    expect(diff, `${GENERATED_SCHEMA} is out of date with db/migrations: run \`npm run db:types\` and commit it.\n${diff.join("\n")}`).toEqual([]);
  });
});
