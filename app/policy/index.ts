// The permission model: pure predicates (canX) and visibility-scoped query helpers.
// Every domain function asks here before it reads or writes; nothing else decides access.
//
// The complete read rule — visibility AND state — one predicate and one SQL twin per resource
// (tests/integration/policy-property.test.ts checks that each pair agrees on random rows):
//   threads  threadAccess / canReadThread ↔ readableThreads(viewer, "t")
//            lists, counts, tag/org pages, widgets: isListedThread ↔ listedThreads
//            (hidden → author + moderators; deleted → moderators, a tombstone for other readers;
//            a case's discussion thread only for those who may read the case)
//   posts    canReadPost ↔ readablePosts(viewer, "p", "t") (joined to a readable thread)
//   cases    canReadCase ↔ readableCases(viewer, "c"); lists/facets/exports: isListedCase ↔ listedCases
//   tags     canReadTag ↔ readableTags("tg")
//   search   documents are built only for indexableThreads / indexablePosts / indexableCases (the
//            state half for an ordinary reader); the query applies visibleSql to the document.
//   any      canReadTarget(viewer, facts) for polymorphic references (flags, notices, audit rows);
//            the resolver readableTarget(ctx, type, id) is server-only: import it from
//            "~/policy/targets.server" (not re-exported here, this index is also client code).
export * from "./types";
export * from "./roles";
export * from "./visibility";
export * from "./content";
export * from "./orgs";
export * from "./forum";
export * from "./cases";
export * from "./moderation";
export * from "./readable";
export * from "./targets";
export * from "./promotion";
export * from "./search";
export * from "./sso";
export * from "./attachments";
export * from "./api";
export * from "./webhooks";
export * from "./privacy";
export * from "./insights";
export * from "./accessibility";
export * from "./thread-moves";
