import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { drainOutbox, pendingCount } from "../../search/worker";
import { searchWithFallback } from "../../search/engine";
import { reindex } from "../../search/cli/reindex";
import { PostgresEngine } from "../../search/postgres/engine";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { freshDatabase } from "../support/db";
import { makeDoc, req, writeThread } from "../support/search";
import { upsertDocuments } from "../../search/postgres/indexer";
import { RANK_WINDOW } from "../../search/postgres/search";
import type { Viewer } from "../../app/policy";

let db: DB;
let destroy: () => Promise<void>;
let viewer: Viewer;
let orgId: string;
let authorId: string;
const UNREACHABLE = { host: "http://127.0.0.1:9", index: "nowhere" };

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  orgId = (await createOrg(db)).id;
  authorId = (await createUser(db, { orgId })).id;
  viewer = await viewerFor(db, authorId);
});
afterAll(() => destroy());

describe("indexing outside the request path", () => {
  it("drains the outbox idempotently (PostgreSQL only)", async () => {
    await writeThread(db, { orgId, authorId, title: "Utkast om pilotprojektet", body: "Vi planerar ett pilotprojekt.", replies: ["Låter bra"] });
    expect(await pendingCount(db)).toBe(2);
    expect(await drainOutbox(db, null)).toBe(2);
    expect(await pendingCount(db)).toBe(0);
    expect(await drainOutbox(db, null)).toBe(0);
    expect((await new PostgresEngine(db).search(req("pilotprojektet"), viewer)).total).toBe(1);
  });

  it("records failures for retry when Meilisearch cannot be reached, and writes still succeed", async () => {
    await writeThread(db, { orgId, authorId, title: "Fråga om molntjänster", body: "Vilka molntjänster är godkända?" });
    await expect(drainOutbox(db, UNREACHABLE)).rejects.toThrow();
    const { rows } = await sql<{ attempts: number; last_error: string | null; processed_at: Date | null }>`
      SELECT attempts, last_error, processed_at FROM search_outbox WHERE processed_at IS NULL`.execute(db);
    expect(rows).toHaveLength(1);
    expect(rows[0].attempts).toBe(1);
    expect(rows[0].last_error).toBeTruthy();
    // The item is searchable in PostgreSQL already (updated in the write's transaction).
    expect((await new PostgresEngine(db).search(req("molntjänster"), viewer)).total).toBe(1);
    // When it comes back (here: no external engine), the outbox catches up.
    expect(await drainOutbox(db, null)).toBe(1);
    expect(await pendingCount(db)).toBe(0);
  });

  it("falls back to PostgreSQL with a notice when Meilisearch is down", async () => {
    const r = await searchWithFallback(db, req("molntjänster"), viewer, UNREACHABLE);
    expect(r.fallback).toBe(true);
    expect(r.engine).toBe("postgres");
    expect(r.total).toBe(1);
  });

  it("rebuilds the PostgreSQL engine from the source tables", async () => {
    await sql`DELETE FROM search_documents`.execute(db);
    expect((await new PostgresEngine(db).search(req("molntjänster"), viewer)).total).toBe(0);
    const n = await reindex(db, "postgres", false);
    expect(n).toBe(3);
    expect((await new PostgresEngine(db).search(req("molntjänster"), viewer)).total).toBe(1);
    expect((await new PostgresEngine(db).search(req("låter"), viewer)).total).toBe(1);
  });

  it("bounds ranking to a window of the most recently active matches and says so", async () => {
    const docs = Array.from({ length: RANK_WINDOW + 5 }, (_, i) =>
      makeDoc({ orgId, title: `Fönsterord nummer ${i}`, updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)) }));
    for (let i = 0; i < docs.length; i += 500) await upsertDocuments(db, docs.slice(i, i + 500));
    const r = await new PostgresEngine(db).search(req("fönsterord"), viewer);
    expect(r.capped).toBe(true);
    expect(r.total).toBe(RANK_WINDOW);
    const few = await new PostgresEngine(db).search(req("molntjänster"), viewer);
    expect(few.capped).toBe(false);
  });
});
