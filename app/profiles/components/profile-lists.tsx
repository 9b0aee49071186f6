import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../lib/i18n/format";
import type { Locale } from "../../lib/i18n/resources";
import { VisibilityBadge } from "../../lib/ui/visibility-badge";
import type { ListPage, ProfileAdoption, ProfileAnswer, ProfileCase, ProfileList, ProfileQuestion } from "../types";

type Lists = Partial<{ questions: ListPage<ProfileQuestion>; answers: ListPage<ProfileAnswer>; cases: ListPage<ProfileCase>; adoptions: ListPage<ProfileAdoption> }>;
const EMPTY: Record<ProfileList, string> = { questions: "emptyQuestions", answers: "emptyAnswers", cases: "emptyCases", adoptions: "emptyAdoptions" };

/** One of a profile's lists; `paged` (a list shown on its own) links to its next keyset page. */
function Section<T extends { id: string; href: string; title: string; createdAt: string }>(
  { name, page, paged, children }: { name: ProfileList; page: ListPage<T>; paged: boolean; children: (item: T) => React.ReactNode },
) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const id = `list-${name}`;
  return (
    <section aria-labelledby={id} className="profile-section">
      <h2 id={id}>{t(`profiles:lists.${name}`)}</h2>
      {page.items.length === 0 ? <p>{t(`profiles:lists.${EMPTY[name]}`)}</p> : (
        <ul className="list profile-list">
          {page.items.map((it) => (
            <li key={it.id}>
              <Link to={it.href}>{it.title}</Link>
              <p className="meta"><time dateTime={it.createdAt}>{formatDate(it.createdAt, locale)}</time> · {children(it)}</p>
            </li>
          ))}
        </ul>
      )}
      {page.next ? (
        <nav className="pagination" aria-label={`${t(`profiles:lists.${name}`)}: ${t("profiles:lists.listLabel")}`}>
          <Link to={`?list=${name}&after=${page.next}`}>{paged ? t("profiles:lists.next") : t("profiles:lists.more")}</Link>
        </nav>
      ) : null}
    </section>
  );
}

/** A person's questions, answers (accepted marked), cases and adoptions. */
export function ProfileLists({ lists, only }: { lists: Lists; only: ProfileList | null }) {
  const { t } = useTranslation();
  const paged = only !== null;
  return (
    <>
      {lists.questions ? (
        <Section name="questions" page={lists.questions} paged={paged}>
          {(q) => <><VisibilityBadge audience={q.audience} /> · {t("profiles:lists.replies", { count: q.replyCount })} · {q.solved ? <span className="badge badge-ok">{t("profiles:lists.solved")}</span> : <span className="badge badge-warn">{t("profiles:lists.unsolved")}</span>}</>}
        </Section>
      ) : null}
      {lists.answers ? (
        <Section name="answers" page={lists.answers} paged={paged}>
          {(a) => <><VisibilityBadge audience={a.audience} /> · {t("profiles:lists.votes", { count: a.votes })}{a.accepted ? <> · <span className="badge badge-ok">{t("profiles:lists.accepted")}</span></> : null}</>}
        </Section>
      ) : null}
      {lists.cases ? (
        <Section name="cases" page={lists.cases} paged={paged}>
          {(c) => <><VisibilityBadge audience={c.audience} /> · {c.orgName}{c.status ? ` · ${t(`cases:status.${c.status}`)}` : ""}</>}
        </Section>
      ) : null}
      {lists.adoptions ? (
        <Section name="adoptions" page={lists.adoptions} paged={paged}>
          {(a) => <>{a.orgName} · {t(`cases:adoptions.${a.status}`)}</>}
        </Section>
      ) : null}
    </>
  );
}
