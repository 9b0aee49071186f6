import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { mergeTag, suggestTags } from "../../app/forum/tags.server";
import { createThread } from "../../app/forum/threads.server";
import { canCreateTag } from "../../app/policy";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";

// Tag entry's suggestions (/tags/suggest.json) as a read surface: every principal × tag state.
// Tags are network-wide and not access-restricted, so every principal (signed out included) is
// offered the same live tags, also one used only by an organisation-only thread; the tag read
// rule (readableTags) leaves a merged tag out for everyone: its names lead to the tag it became,
// through the synonyms the merge gave that tag. The answer carries no thread counts,
// so it says nothing about threads a principal may not read. `canCreate` follows canCreateTag.
const STATES = ["live", "usedByOrgOnlyThread", "merged", "mergedSynonym"] as const;
type State = (typeof STATES)[number];
const QUERY: Record<State, string> = { live: "Levande", usedByOrgOnlyThread: "Interntagg", merged: "Sammanslagen", mergedSynonym: "gamlanamnet" };
const OFFERED: Record<State, string | null> = { live: "levande", usedByOrgOnlyThread: "interntagg", merged: "mal", mergedSynonym: "mal" };

let db: DB;
let destroy: () => Promise<void>;
let world: World;
const ctx = (p: PrincipalName) => ({ db, viewer: world.viewers[p], now: new Date() });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  world = await createWorld(db);
  await createForumTags(db, [
    { slug: "levande", sv: "Levande", en: "Alive", area: "it" },
    { slug: "interntagg", sv: "Interntagg", en: "Internal tag", area: "it" },
    { slug: "sammanslagen", sv: "Sammanslagen", en: "Merged", area: "it", synonyms: ["gamlanamnet"] },
    { slug: "mal", sv: "Mål", en: "Target", area: "it" },
  ]);
  const t = await createThread(ctx("ambassadorA"), { kind: "question", title: "Bara för Kommun A", body: "Text", tags: ["interntagg"], orgId: world.orgA.id, audience: "organisation", sharedOrgIds: [] });
  expect(t.ok).toBe(true);
  expect((await mergeTag(ctx("networkModerator"), "sammanslagen", { into: "mal" })).ok).toBe(true);
});
afterAll(() => destroy());

const CASES = PRINCIPALS.flatMap((p) => STATES.map((s) => [p, s, OFFERED[s]] as const));

describe("tag suggestion matrix", () => {
  it("covers every principal and tag state", () => {
    expect(CASES).toHaveLength(PRINCIPALS.length * STATES.length);
  });
  it.each(CASES)("%s · %s → %s", async (p, state, offered) => {
    const r = await suggestTags(ctx(p), QUERY[state]);
    expect(r.tags.map((x) => x.slug)).toEqual(offered ? [offered] : []);
    if (state.startsWith("merged")) expect(r.tags[0].synonym).toBe(QUERY[state].toLowerCase());
    expect(r.canCreate).toBe(canCreateTag(world.viewers[p]));
    for (const tag of r.tags) expect(Object.keys(tag).sort()).toEqual(["exact", "name", "slug", "synonym"]);
  });
});
