import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { seed } from "../../db/seed";
import { listOrganisations } from "../../app/orgs/orgs.server";
import { freshDatabase } from "../support/db";

let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
});
afterAll(() => destroy());

describe("database foundation", () => {
  it("has the extensions later features need", async () => {
    const { rows } = await sql<{ extname: string }>`SELECT extname FROM pg_extension`.execute(db);
    expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining(["pg_trgm", "unaccent"]));
  });

  it("seeds the twelve organisations idempotently", async () => {
    await seed(db, { demo: true });
    await seed(db, { demo: true });
    const orgs = await listOrganisations({ db, viewer: null });
    expect(orgs).toHaveLength(12);
    expect(orgs.map((o) => o.name)).toEqual([
      "Bollnäs kommun", "Gävle kommun", "Hofors kommun", "Hudiksvalls kommun", "Ljusdals kommun",
      "Nordanstigs kommun", "Ockelbo kommun", "Ovanåkers kommun", "Region Gävleborg", "RISE",
      "Sandvikens kommun", "Söderhamns kommun",
    ]);
    expect(orgs.find((o) => o.slug === "rise")?.kind).toBe("research_institute");
    expect(orgs.find((o) => o.slug === "region-gavleborg")?.kind).toBe("region");
    const people = await db.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(people.n)).toBeGreaterThanOrEqual(30);
  });
});
