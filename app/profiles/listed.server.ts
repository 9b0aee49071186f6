// What a profile or an expert list shows goes through app/policy's complete read rule (visibility
// AND state); callers still re-check each row with the predicates before showing it. What counts
// towards anyone's expertise when nobody in particular is reading (routing picks experts, never
// shows them) is what search would index: live contributions in live threads and cases.
export {
  listedCases,
  listedPosts,
  listedThreads,
  indexableCases as scoringCases,
  indexablePosts as scoringPosts,
} from "../policy/readable";
