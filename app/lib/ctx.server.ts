import type { AppLoadContext } from "@remix-run/node";
import { getDb, type DB } from "../../db/client";
import type { Viewer } from "./viewer";

/** The context every domain function takes first: `{ db, viewer, now }`. */
export type DomainCtx = { db: DB; viewer: Viewer | null; now: Date };

export const domainCtx = (context: AppLoadContext): DomainCtx => ({ db: getDb(), viewer: context.viewer, now: new Date() });
