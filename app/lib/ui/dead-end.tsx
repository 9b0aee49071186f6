import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { safeRedirect } from "../redirect";
import { ErrorPage } from "./error-page";

type ModeratorRef = { name: string; handle: string; role: "moderator" | "admin"; org: string | null };

/** "Logga in för att se": the same page for a restricted item and a missing one. */
function SignInToSee({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation("confirm");
  return (
    <div className="page narrow dead-end">
      <h1>{t("signIn.title")}</h1>
      <p>{t("signIn.body")}</p>
      <p><Link className="button" to={`/login?redirectTo=${encodeURIComponent(safeRedirect(returnTo))}`}>{t("signIn.link")}</Link></p>
      <p><Link to="/">{t("signIn.home")}</Link></p>
    </div>
  );
}

function People({ people }: { people: ModeratorRef[] }) {
  const { t } = useTranslation("confirm");
  if (!people.length) return <p>{t("mod.none")}</p>;
  return (
    <ul>
      {people.map((p) => (
        <li key={`${p.handle}-${p.org ?? ""}`}>
          <Link to={`/u/${p.handle}`}>{p.name}</Link>, {t(`mod.role.${p.role}`)}{p.org ? ` (${p.org})` : ""}
        </li>
      ))}
    </ul>
  );
}

/** A member on /mod/*: who moderates and how to reach them. */
function NotModerator({ moderators }: { moderators: { org: ModeratorRef[]; network: ModeratorRef[] } }) {
  const { t } = useTranslation("confirm");
  return (
    <div className="page narrow dead-end">
      <h1>{t("mod.title")}</h1>
      <p>{t("mod.body")}</p>
      <h2>{t("mod.who")}</h2>
      <p>{t("mod.whoOrg")}</p>
      <p>{t("mod.whoNetwork")}</p>
      <h2>{t("mod.how")}</h2>
      <p>{t("mod.flag")}</p>
      <p>{t("mod.yourOrg")}</p>
      <People people={moderators.org} />
      <p>{t("mod.network")}</p>
      <People people={moderators.network} />
      <p><Link to="/mod/notices">{t("mod.notices")}</Link></p>
      <p><Link to="/">{t("mod.home")}</Link></p>
    </div>
  );
}

/** Error boundary for pages with helpful dead ends (sign in to see, moderation for members); otherwise the usual error page. */
export function DeadEndBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error)) return <ErrorPage status={500} />;
  const data = error.data as { message?: string; returnTo?: string; moderators?: { org: ModeratorRef[]; network: ModeratorRef[] } } | null;
  if (data?.message === "signIn" && typeof data.returnTo === "string") return <SignInToSee returnTo={data.returnTo} />;
  if (data?.message === "notModerator" && data.moderators) return <NotModerator moderators={data.moderators} />;
  return <ErrorPage status={error.status} />;
}
