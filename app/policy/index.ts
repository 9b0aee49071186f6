// The permission model: pure predicates (canX) and visibility-scoped query helpers.
// Every domain function asks here before it reads or writes; nothing else decides access.
export * from "./types";
export * from "./roles";
export * from "./visibility";
export * from "./content";
export * from "./orgs";
export * from "./forum";
export * from "./cases";
export * from "./moderation";
export * from "./search";
export * from "./sso";
