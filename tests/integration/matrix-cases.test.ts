import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { caseRevisions, getCase, saveCase } from "../../app/cases/cases.server";
import { listCases } from "../../app/cases/listing.server";
import { listAdoptions, recordAdoption } from "../../app/cases/adoptions.server";
import { exportCases } from "../../app/cases/export.server";
import { parseListQuery } from "../../app/cases/schemas";
import { orgIdsOf } from "../../app/policy";
import { freshDatabase } from "../support/db";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { caseForm, makeCase } from "../support/cases";

// The authorization matrix for case studies: every principal × action × visibility, from a table.
type Vis = "public" | "network" | "organisation" | "shared" | "draft";
type Action = "read" | "list" | "export" | "edit" | "revisions" | "adopt" | "create";
const VIS: Vis[] = ["public", "network", "organisation", "shared", "draft"];

const ALL: Vis[] = VIS;
const PUBLISHED_IN_A: Vis[] = ["public", "network", "organisation", "shared"];
const none: Vis[] = [];

// What each principal may do to a case of organisation A (shared = A + B).
const MATRIX: Record<PrincipalName, Record<Exclude<Action, "create">, Vis[]> & { create: boolean }> = {
  anonymous:        { read: ["public"], list: ["public"], export: ["public"], edit: none, revisions: none, adopt: none, create: false },
  memberA:          { read: PUBLISHED_IN_A, list: PUBLISHED_IN_A, export: PUBLISHED_IN_A, edit: none, revisions: none, adopt: none, create: false },
  ambassadorA:      { read: ALL, list: PUBLISHED_IN_A, export: PUBLISHED_IN_A, edit: ALL, revisions: ALL, adopt: none, create: true },
  moderatorA:       { read: ALL, list: PUBLISHED_IN_A, export: PUBLISHED_IN_A, edit: ALL, revisions: ALL, adopt: none, create: true },
  adminA:           { read: ALL, list: PUBLISHED_IN_A, export: PUBLISHED_IN_A, edit: ALL, revisions: ALL, adopt: none, create: true },
  memberB:          { read: ["public", "network", "shared"], list: ["public", "network", "shared"], export: ["public", "network", "shared"], edit: none, revisions: none, adopt: ["public", "network", "shared"], create: false },
  networkModerator: { read: ["public", "network", "draft"], list: ["public", "network"], export: ["public", "network"], edit: ["public", "network", "draft"], revisions: ["public", "network", "draft"], adopt: ["public", "network"], create: false },
  networkAdmin:     { read: ["public", "network", "draft"], list: ["public", "network"], export: ["public", "network"], edit: ["public", "network", "draft"], revisions: ["public", "network", "draft"], adopt: ["public", "network"], create: false },
  deactivated:      { read: ["public"], list: ["public"], export: ["public"], edit: none, revisions: none, adopt: none, create: false },
  removed:          { read: ["public"], list: ["public"], export: ["public"], edit: none, revisions: none, adopt: none, create: false },
};

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const ids = {} as Record<Vis, string>;
const now = new Date("2026-11-23T12:00:00Z");

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  const amb = w.viewers.ambassadorA!;
  ids.public = await makeCase(db, amb, w.orgA.id, { title: "Matris öppen", visibility: "public" }, now);
  ids.network = await makeCase(db, amb, w.orgA.id, { title: "Matris nätverk", visibility: "network" }, now);
  ids.organisation = await makeCase(db, amb, w.orgA.id, { title: "Matris organisation", visibility: "organisation" }, now);
  ids.shared = await makeCase(db, amb, w.orgA.id, { title: "Matris delad", visibility: "shared", shared_org_ids: [w.orgB.id] }, now);
  ids.draft = await makeCase(db, amb, w.orgA.id, { title: "Matris utkast", visibility: "network", intent: "save" }, now);
});
afterAll(() => destroy());

const formFor = (v: Vis) =>
  caseForm(w.orgA.id, {
    title: `Matris ${v}`, visibility: v === "draft" ? "network" : v, shared_org_ids: v === "shared" ? [w.orgB.id] : [],
    intent: v === "draft" ? "save" : "publish", contact_email: w.viewers.ambassadorA!.email,
  });

async function can(p: PrincipalName, action: Exclude<Action, "create">, v: Vis): Promise<boolean> {
  const ctx = { db, viewer: w.viewers[p], now };
  const id = ids[v];
  const mine = (list: { id: string }[]) => list.some((c) => c.id === id);
  switch (action) {
    case "read":
      return (await getCase(ctx, id)) !== null;
    case "list":
      return mine((await listCases(ctx, parseListQuery(new URLSearchParams(`org=${w.orgA.id}`)))).cases);
    case "export":
      return mine(await exportCases(ctx, "http://test.se"));
    case "edit": {
      const res = await saveCase(ctx, formFor(v), id);
      return Boolean(res?.ok);
    }
    case "revisions":
      return (await caseRevisions(ctx, id)) !== null;
    case "adopt": {
      const org = orgIdsOf(ctx.viewer).find((o) => o !== w.orgA.id);
      if (!org) return false;
      const res = await recordAdoption(ctx, id, { org_id: org, status: "trying", adopted_on: "2026-11-01", note: "" });
      if (!res?.ok) return false;
      return (await listAdoptions(ctx, id)).some((a) => a.org.id === org);
    }
  }
}

const rows = PRINCIPALS.flatMap((p) =>
  (["read", "list", "export", "edit", "revisions", "adopt"] as const).flatMap((action) =>
    VIS.map((v) => ({ p, action, v, allowed: MATRIX[p][action].includes(v) })),
  ),
);

describe("cases authorization matrix", () => {
  it.each(rows)("$p $action $v → $allowed", async ({ p, action, v, allowed }) => {
    expect(await can(p, action, v)).toBe(allowed);
  });

  it.each(PRINCIPALS.map((p) => ({ p, allowed: MATRIX[p].create })))("$p creates a case for organisation A → $allowed", async ({ p, allowed }) => {
    const res = await saveCase({ db, viewer: w.viewers[p], now }, caseForm(w.orgA.id, { contact_email: w.viewers.ambassadorA!.email }));
    expect(Boolean(res?.ok)).toBe(allowed);
  });

  it("answers a denied read exactly like a missing case", async () => {
    expect(await getCase({ db, viewer: w.viewers.memberB, now }, ids.organisation)).toBeNull();
    expect(await getCase({ db, viewer: w.viewers.memberB, now }, "999999999")).toBeNull();
  });
});
