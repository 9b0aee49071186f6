import { describe, expect, it } from "vitest";
import { isConnectionError } from "../../db/client";

// Which errors mean "the database is unreachable" (a 503 and recovery) rather than a failed query.
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("isConnectionError", () => {
  it("recognises refused, reset and terminated connections and PostgreSQL's shutdown codes", () => {
    expect(isConnectionError(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isConnectionError(withCode("read ECONNRESET", "ECONNRESET"))).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isConnectionError(withCode("terminating connection due to administrator command", "57P01"))).toBe(true);
    expect(isConnectionError(withCode("the database system is starting up", "57P03"))).toBe(true);
    expect(isConnectionError(withCode("connection failure", "08006"))).toBe(true);
    expect(isConnectionError(new AggregateError([withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")], ""))).toBe(true);
    expect(isConnectionError(new Error("wrapped", { cause: withCode("x", "ECONNREFUSED") }))).toBe(true);
  });

  it("does not take a bad query or a constraint for an outage", () => {
    expect(isConnectionError(withCode('duplicate key value violates unique constraint "x"', "23505"))).toBe(false);
    expect(isConnectionError(withCode("syntax error at or near", "42601"))).toBe(false);
    expect(isConnectionError(withCode("deadlock detected", "40P01"))).toBe(false);
    expect(isConnectionError(withCode("canceling statement due to statement timeout", "57014"))).toBe(false);
    expect(isConnectionError(new Error("something else"))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
    expect(isConnectionError("ECONNREFUSED")).toBe(false);
  });
});
