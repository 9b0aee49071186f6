// Layer rules (STYLE.md 7b, 9; issue #17 section 5), checked in `npm test` by
// tests/unit/layers.test.ts. Violations that predate these rules are listed in
// .dependency-cruiser-known-violations.json (regenerate with the command in that test's header
// only after fixing some, never to hide a new one); anything not listed there fails the test.

/** The capability folders: each owns its tables, domain functions and repository. */
const CAPABILITIES = [
  "api", "attachments", "auth", "cases", "confirm", "events", "feeds", "forum", "insights", "mail",
  "moderation", "notifications", "ops", "orgs", "policy", "privacy", "profiles", "routing", "scim",
  "search", "sso", "watching", "webhooks",
];
const capability = `^app/(${CAPABILITIES.join("|")})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "routes-no-db",
      comment: "Routes are thin: parse, call one domain function, return. Database access (db/, Kysely) belongs in a capability's repository (STYLE.md habit 1, 4).",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: ["^db/", "(^|/)node_modules/kysely/"] },
    },
    {
      name: "repo-only-in-own-capability",
      comment: "A *.repo.server.ts holds one capability's Kysely code; other folders call that capability's domain functions instead (STYLE.md 7b).",
      severity: "error",
      from: { path: "^app/([^/]+)/" },
      to: { path: "^app/.+\\.repo\\.server\\.tsx?$", pathNot: "^app/$1/" },
    },
    {
      name: "lib-no-capability",
      comment: "app/lib holds env, errors, i18n and UI primitives that every capability uses; it depends on none of them.",
      severity: "error",
      from: { path: "^app/lib/" },
      to: { path: capability },
    },
    {
      name: "search-engine-no-app-runtime",
      comment: "The search engines (search/) are rebuilt from the database and know the app only by its types: `import type` is allowed, runtime imports are not.",
      severity: "error",
      from: { path: "^search/" },
      to: { path: "^app/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-capability-cycles",
      comment: "Capability folders depend on each other in one direction: an import chain that leaves a capability and comes back through other capabilities means one holds the other's code. (Checked per module: dependency-cruiser's folder-scope rules cannot restrict a cycle to capability folders, and every folder cycle then runs through db/ or app/lib.)",
      severity: "error",
      from: { path: capability },
      to: { path: capability, pathNot: "^app/$1/", circular: true, viaOnly: { path: capability } },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    exclude: { path: ["^build/", "^\\.build-", "^\\.data/", "^tests/", "^bench/"] },
    // `import type` is seen (and marked "type-only"), so rules can tell it from runtime imports.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
