import { describe, expect, it } from "vitest";
import { describeTarget, formatBytes, parseToolVersion, splitPassword, toolFor } from "../../db/backup";

describe("backup helpers", () => {
  it("reads the major version from the tools' --version line, whatever the packager adds", () => {
    expect(parseToolVersion("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)")).toEqual({ major: 15, version: "15.18" });
    expect(parseToolVersion("pg_restore (PostgreSQL) 18.1 (Ubuntu 18.1-1.pgdg24.04+2)")).toEqual({ major: 18, version: "18.1" });
    expect(parseToolVersion("pg_dump (PostgreSQL) 19devel")).toEqual({ major: 19, version: "19devel" });
    expect(parseToolVersion("pg_dump 9000")).toBeNull();
  });

  it("keeps the password out of the URL the tools get on their command line", () => {
    expect(splitPassword("postgres://app:p%40ss%2Fw@db.example:5433/allm?sslmode=require")).toEqual({
      url: "postgres://app@db.example:5433/allm?sslmode=require",
      password: "p@ss/w",
    });
    expect(splitPassword("postgres://app@127.0.0.1/allm").password).toBeUndefined();
    expect(describeTarget("postgres://app:secret@db.example/allm")).toBe("db.example:5432/allm");
  });

  it("refuses PG_BIN without the tool, naming the server's client package", () => {
    expect(() => toolFor("pg_dump", { major: 18, version: "18.4" }, { PG_BIN: "/nonexistent" })).toThrow(
      "PG_BIN=/nonexistent has no pg_dump: install postgresql-client-18",
    );
  });

  it("prints sizes for people", () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 * 1024 + 200_000)]).toEqual(["512 B", "2.0 KB", "5.2 MB"]);
  });
});
