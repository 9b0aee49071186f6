import { json } from "@remix-run/node";
import { sql } from "kysely";
import { getDb } from "../../db/client";

// 200 when the database answers within two seconds, 503 otherwise.
export async function loader() {
  try {
    await Promise.race([
      sql`SELECT 1`.execute(getDb()),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
    ]);
    return json({ status: "ok", database: "up" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return json({ status: "unavailable", database: "down" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
