// The state half of the read rule as search documents need it lives in app/policy (readable.ts):
// only readable state is ever indexed, so no engine, suggestion or facet can show what a reader may
// not see. Visibility is applied at query time (visibleTo). These names are kept for the builders.
export {
  indexableThreads as threadStateReadable,
  livePost as postStateReadable,
  isIndexableCase as caseStateReadable,
} from "../../app/policy/readable";
