import { Link } from "@remix-run/react";

/**
 * A person's name linked to their profile, with their primary organisation beside it
 * ("Lina Östman · Gävle kommun"). Use it wherever a person is named (authors, members, lists).
 */
export function PersonName({ name, handle, orgName }: { name: string; handle: string; orgName?: string | null }) {
  return (
    <span className="person-name">
      <Link to={`/u/${handle}`}>{name}</Link>
      {orgName ? <span className="person-org"> · {orgName}</span> : null}
    </span>
  );
}
