import { Kysely, PostgresDialect as KyselyPostgresDialect } from "kysely";
import { generate, PostgresDialect } from "kysely-codegen";
import pg from "pg";

/** The committed file the app's Database type is checked against (db/types.ts). */
export const GENERATED_SCHEMA = "db/generated/schema.ts";

/**
 * Writes kysely-codegen's types for the public schema of the database at `connectionString` to
 * `outFile` and returns them. graphile-worker's schema and Kysely's migration bookkeeping stay
 * out: the app never queries them through Kysely's types.
 */
export async function generateSchemaTypes(connectionString: string, outFile: string): Promise<string> {
  const db = new Kysely<unknown>({
    dialect: new KyselyPostgresDialect({ pool: new pg.Pool({ connectionString, max: 2 }) }),
  });
  try {
    return await generate({
      db,
      dialect: new PostgresDialect({ defaultSchemas: ["public"] }),
      defaultSchemas: ["public"],
      includePattern: "public.*",
      excludePattern: "public.kysely_migration*",
      outFile,
      typeOnlyImports: true,
      logger: undefined,
    });
  } finally {
    await db.destroy();
  }
}
