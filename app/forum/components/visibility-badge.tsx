import { VisibilityBadge as Badge } from "../../lib/ui/visibility-badge";
import type { VisibilityInfo } from "../types";

/** Says in words who can read a thread (the one badge of app/lib/ui); every reader sees it. */
export function VisibilityBadge({ access }: { access: VisibilityInfo }) {
  const { visibility, org, sharedWith } = access;
  return (
    <p className="visibility">
      <Badge audience={{ visibility, orgName: org.name, sharedNames: sharedWith.map((o) => o.name) }} />
    </p>
  );
}
