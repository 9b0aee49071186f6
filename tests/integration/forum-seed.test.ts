import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { seedOrganisations } from "../../db/seed/steps/01-organisations";
import { seedPeople } from "../../db/seed/steps/02-people";
import { FORUM_THREADS, seedForum } from "../../db/seed/steps/03-forum";
import { listTagsByArea } from "../../app/forum/tags.server";
import { listThreads } from "../../app/forum/threads.server";
import { freshDatabase } from "../support/db";
import { viewerFor } from "../support/factories";

let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
});
afterAll(() => destroy());

describe("forum demo seed", () => {
  it("seeds tags in all ten areas and about 60 threads, idempotently", async () => {
    await seedOrganisations(db);
    await seedPeople(db, { demo: false });
    await seedForum(db);
    await seedForum(db);
    const n = await db.selectFrom("threads").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(FORUM_THREADS.length);
    expect(FORUM_THREADS.length).toBeGreaterThanOrEqual(55);
    const areas = await listTagsByArea({ db, viewer: null, now: new Date() });
    expect(areas).toHaveLength(10);
    const orgOnly = await db.selectFrom("threads").select("id").where("visibility", "=", "organisation").execute();
    expect(orgOnly.length).toBeGreaterThanOrEqual(3);
    const solved = await db.selectFrom("threads").select("id").where("accepted_post_id", "is not", null).execute();
    expect(solved.length).toBeGreaterThan(10);
    const votes = await db.selectFrom("votes").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(votes.n)).toBeGreaterThan(20);
    // reply counters match the rows
    const bad = await db
      .selectFrom("threads as t")
      .select("t.id")
      .where((eb) => eb("t.reply_count", "!=", eb.selectFrom("posts as p").whereRef("p.thread_id", "=", "t.id").where("p.deleted_at", "is", null).select((e) => e.fn.countAll<number>().as("c"))))
      .execute();
    expect(bad).toEqual([]);
    const fatima = await db.selectFrom("users").select("id").where("handle", "=", "fatima.said").executeTakeFirstOrThrow();
    const eva = await db.selectFrom("users").select("id").where("handle", "=", "eva.sjoberg").executeTakeFirstOrThrow();
    const gavleOnly = await db.selectFrom("threads as t").innerJoin("organisations as o", "o.id", "t.org_id").select("t.id").where("o.slug", "=", "gavle").where("t.visibility", "=", "organisation").execute();
    const seenBySandviken = (await listThreads({ db, viewer: await viewerFor(db, fatima.id), now: new Date() }, {}, null, 100)).items.map((t) => t.id);
    const seenByGavle = (await listThreads({ db, viewer: await viewerFor(db, eva.id), now: new Date() }, {}, null, 100)).items.map((t) => t.id);
    for (const t of gavleOnly) {
      expect(seenBySandviken).not.toContain(t.id);
      expect(seenByGavle).toContain(t.id);
    }
  });
});
