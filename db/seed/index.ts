import type { DB } from "../client";
import { seedOrganisations } from "./steps/01-organisations";
import { seedPeople } from "./steps/02-people";
import { seedForum } from "./steps/03-forum";
import { seedModeration } from "./steps/05-moderation";
import { seedCases } from "./steps/04-cases";

export type SeedOptions = { demo: boolean; log?: (m: string) => void };
export type SeedStep = { name: string; run: (db: DB, opts: SeedOptions) => Promise<void> };

// Ordered, idempotent steps. Later capabilities append theirs (threads, cases, …).
// Each step must be safe to run again on a seeded database.
export const STEPS: SeedStep[] = [
  { name: "organisations", run: seedOrganisations },
  { name: "people", run: seedPeople },
  { name: "forum", run: seedForum },
  { name: "cases", run: seedCases },
  { name: "moderation", run: seedModeration },
];

export async function seed(db: DB, opts: SeedOptions): Promise<void> {
  for (const step of STEPS) {
    const t = Date.now();
    await step.run(db, opts);
    opts.log?.(`seeded ${step.name} (${Date.now() - t} ms)`);
  }
}

/** Seeds on the first start of an empty database; a second start skips it in milliseconds. */
export async function seedIfEmpty(db: DB, opts: SeedOptions): Promise<void> {
  const row = await db.selectFrom("organisations").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  if (Number(row.n) > 0) return;
  await seed(db, opts);
}

export { revokeDemoPasswords } from "./steps/02-people";
