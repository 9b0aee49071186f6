import type { Insertable, InsertType, SelectType, UpdateType } from "kysely";
import type { Database } from "../types";
import type { DB, JsonValue } from "./schema";

// The app's Database (db/types/*, written by hand because it is more precise: text enums as
// unions, JSON shapes, write-only generated columns) checked against the types kysely-codegen
// reads from a freshly migrated database (db/generated/schema.ts, `npm run db:types`).
// `npm run typecheck` fails here, naming "table.column", when the two disagree on:
// which tables and columns exist, which columns may be null, whether a value the app reads
// fits the column's type, whether a value the app writes (insert, update) is one the column takes,
// and whether an insert may leave out a column the database requires.
// Narrower app types (a union for a text column, a required column that has a default) are fine.

type Tables = keyof DB & keyof Database;
type Sel<S, T extends keyof S, C extends keyof S[T]> = SelectType<S[T][C]>;
type Ins<S, T extends keyof S> = Insertable<S[T]>;
/** JSON columns: the app's shape is its own claim about what it stores (checked at the edges). */
type Loose<V> = [JsonValue] extends [V] ? unknown : V;
type Each<F extends { [T in Tables]: unknown }> = F[Tables];

type TablesOnlyInDb = Exclude<keyof DB, keyof Database>;
type TablesOnlyInApp = Exclude<keyof Database, keyof DB>;
type ColumnsOnlyInDb = Each<{ [T in Tables]: `${T}.${Exclude<keyof DB[T], keyof Database[T]> & string}` }>;
type ColumnsOnlyInApp = Each<{ [T in Tables]: `${T}.${Exclude<keyof Database[T], keyof DB[T]> & string}` }>;
type Common<T extends Tables> = keyof DB[T] & keyof Database[T] & string;
/**
 * Where PostgreSQL's catalogue cannot say a column is never null, the app's type says it; each
 * such claim is listed here. Materialized views report every column as nullable; generated
 * columns have no NOT NULL of their own (cases.author_id copies created_by, which has one; the
 * tsvectors are built from coalesced text).
 */
type Views = "insight_question_facts" | "insight_question_cells" | "insight_search_months";
type NeverNullInApp = "cases.author_id" | "search_documents.tsv_sv" | "search_documents.tsv_en" | "search_documents.tsv_simple";
type Nullable<V> = [JsonValue] extends [V] ? "json" : null extends V ? true : false;
type NullabilityDrift = Exclude<
  Each<{
    [T in Tables]: {
      [C in Common<T>]: Nullable<Sel<DB, T, C>> extends Nullable<Sel<Database, T, C>> | "json" ? never : `${T}.${C}`;
    }[Common<T>];
  }>,
  `${Views}.${string}` | NeverNullInApp
>;
type SelectDrift = Each<{
  [T in Tables]: { [C in Common<T>]: [Sel<Database, T, C>] extends [Loose<Sel<DB, T, C>>] ? never : `${T}.${C}` }[Common<T>];
}>;
type Required<S, T extends keyof S> = { [K in keyof Ins<S, T>]-?: object extends Pick<Ins<S, T>, K> ? never : K }[keyof Ins<S, T>];
type InsertDrift = Each<{ [T in Tables]: `${T}.${Exclude<Required<DB, T>, Required<Database, T>> & string}` }>;

/** What the app may write into a column (insert or update) must be a value the column takes. */
type Write<V> = Exclude<V, undefined>;
type WriteFits<A, G> = [Write<A>] extends [Loose<Write<G>>] ? true : false;
type WriteDrift = Each<{
  [T in Tables]: {
    [C in Common<T>]: WriteFits<InsertType<Database[T][C]>, InsertType<DB[T][C]>> extends true
      ? WriteFits<UpdateType<Database[T][C]>, UpdateType<DB[T][C]>> extends true
        ? never
        : `${T}.${C}`
      : `${T}.${C}`;
  }[Common<T>];
}>;

type None<X extends never> = X;
export type SchemaAgrees = [
  None<TablesOnlyInDb>,
  None<TablesOnlyInApp>,
  None<ColumnsOnlyInDb>,
  None<ColumnsOnlyInApp>,
  None<NullabilityDrift>,
  None<SelectDrift>,
  None<InsertDrift>,
  None<WriteDrift>,
];
