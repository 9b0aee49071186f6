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

/**
 * A translated phrase around a person's linked name ("av {{name}}" → "av <a>Lina</a>"): the
 * catalogue keeps the whole sentence, the name inside it becomes the profile link.
 */
export function WithPersonLink({ text, name, handle }: { text: (name: string) => string; name: string; handle: string }) {
  const mark = "\u0000";
  const [before, after = ""] = text(mark).split(mark);
  return <>{before}<Link to={`/u/${handle}`}>{name}</Link>{after}</>;
}
