// The viewer and visibility vocabulary is defined in app/lib/viewer.ts (app/lib may not import a
// capability folder); policy code and its callers keep importing it from here.
export type { Membership, NetworkRole, OrgRole, Scoped, Viewer, Visibility } from "../lib/viewer";
