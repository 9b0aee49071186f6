import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";

// patches/@remix-run+router+*.patch (applied by patch-package on every install): route matching
// ranks a routes array's branches once and compiles each path's matcher once, instead of on
// every match (bench:traffic --cpu-prof: 12 % of an uncached thread page's CPU). The cache must
// never change an answer: the same array, a changed copy and every kind of segment match as before.
const require = createRequire(import.meta.url);

describe("the route-matching patch", () => {
  it("is applied to both builds of @remix-run/router (the install ran patch-package)", () => {
    const dir = require.resolve("@remix-run/router").replace(/router\.cjs\.js$/, "");
    for (const f of ["router.cjs.js", "router.js"]) expect(readFileSync(dir + f, "utf8"), f).toContain("Allmänning patch");
  });

  it("matches as before, again and again, and a new routes array is matched on its own", () => {
    const routes: AgnosticRouteObject[] = [
      { id: "root", path: "/", children: [
        { id: "thread", path: "t/:slug" },
        { id: "case", path: "c/:id/*" },
        { id: "search", path: "search" },
        { id: "index", index: true },
      ] },
    ];
    const ids = (r: AgnosticRouteObject[], p: string) => matchRoutes(r, p)?.map((m) => [m.route.id, JSON.stringify(m.params)]);
    for (let i = 0; i < 3; i++) {
      expect(ids(routes, "/t/12-hej")).toEqual([["root", "{\"slug\":\"12-hej\"}"], ["thread", "{\"slug\":\"12-hej\"}"]]);
      expect(ids(routes, "/c/7/bilagor/a")?.at(-1)).toEqual(["case", "{\"id\":\"7\",\"*\":\"bilagor/a\"}"]);
      expect(ids(routes, "/")?.at(-1)?.[0]).toBe("index");
      expect(matchRoutes(routes, "/nowhere/at/all")).toBeNull();
    }
    const other: AgnosticRouteObject[] = [{ id: "only", path: "/nowhere/at/all" }];
    expect(ids(other, "/nowhere/at/all")).toEqual([["only", "{}"]]);
    expect(matchRoutes(other, "/t/12-hej")).toBeNull();
  });
});
