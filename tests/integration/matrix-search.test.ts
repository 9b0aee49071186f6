import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { searchForViewer, suggestForViewer } from "../../app/search/search.server";
import { searchParamsSchema } from "../../app/search/schemas";
import { createUser } from "../support/factories";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { freshDatabase } from "../support/db";
import { writeThread } from "../support/search";

// Authorization matrix for search: principal × item scope → may the principal find it (results,
// counts and completions)? Items belong to organisation A.
type Scope = "orgOnly" | "sharedWithB" | "network" | "public";
const Y = true, N = false;
const MATRIX: Record<PrincipalName, Record<Scope, boolean>> = {
  anonymous:        { orgOnly: N, sharedWithB: N, network: N, public: Y },
  memberA:          { orgOnly: Y, sharedWithB: Y, network: Y, public: Y },
  ambassadorA:      { orgOnly: Y, sharedWithB: Y, network: Y, public: Y },
  moderatorA:       { orgOnly: Y, sharedWithB: Y, network: Y, public: Y },
  adminA:           { orgOnly: Y, sharedWithB: Y, network: Y, public: Y },
  memberB:          { orgOnly: N, sharedWithB: Y, network: Y, public: Y },
  networkModerator: { orgOnly: N, sharedWithB: N, network: Y, public: Y },
  networkAdmin:     { orgOnly: N, sharedWithB: N, network: Y, public: Y },
  deactivated:      { orgOnly: N, sharedWithB: N, network: N, public: Y },
  removed:          { orgOnly: N, sharedWithB: N, network: N, public: Y },
};
const WORDS: Record<Scope, string> = { orgOnly: "matrisordett", sharedWithB: "matrisordtva", network: "matrisordtre", public: "matrisordfyra" };

let db: DB;
let destroy: () => Promise<void>;
let world: World;

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  world = await createWorld(db);
  const author = await createUser(db, { orgId: world.orgA.id });
  const vis = { orgOnly: "organisation", sharedWithB: "organisation", network: "network", public: "public" } as const;
  for (const scope of Object.keys(WORDS) as Scope[]) {
    await writeThread(db, {
      orgId: world.orgA.id, authorId: author.id, title: `Tråd om ${WORDS[scope]}`, body: "Innehåll.",
      visibility: vis[scope], sharedOrgIds: scope === "sharedWithB" ? [world.orgB.id] : [],
    });
  }
});
afterAll(() => destroy());

const cases = PRINCIPALS.flatMap((p) => (Object.keys(WORDS) as Scope[]).map((s) => ({ principal: p, scope: s, expected: MATRIX[p][s] })));

describe("search authorization matrix", () => {
  it.each(cases)("$principal finds $scope content: $expected", async ({ principal, scope, expected }) => {
    const ctx = { db, viewer: world.viewers[principal], now: new Date() };
    const page = await searchForViewer(ctx, searchParamsSchema.parse({ q: WORDS[scope] }), "sv");
    expect(page.hits.filter((h) => h.title.includes(WORDS[scope])).length).toBe(expected ? 1 : 0);
    // A word the viewer may not read may be searched as a similar word they may read (issue 18),
    // never the other way round.
    if (page.searchedFor) expect(expected).toBe(false);
    else {
      expect(page.total).toBe(expected ? 1 : 0);
      expect(page.hits.length).toBe(expected ? 1 : 0);
    }
    expect((await suggestForViewer(ctx, WORDS[scope].slice(0, 10))).includes(WORDS[scope])).toBe(expected);
  });
});
