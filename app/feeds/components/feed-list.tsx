import { useTranslation } from "react-i18next";

const FEEDS = ["threads", "questions", "cases", "best-practice"] as const;
const KEY: Record<(typeof FEEDS)[number], string> = { threads: "threads", questions: "questions", cases: "cases", "best-practice": "bestPractice" };

/** The network-wide feeds, each as Atom and RSS, below `prefix` (a private feed's secret path or /feeds); private ones also list the person's saved searches. */
export function FeedList({ origin, prefix = "/feeds", searches = [] }: { origin: string; prefix?: string; searches?: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  return (
    <>
    <table>
      <thead>
        <tr>
          <th scope="col">{t("feeds:settings.feed")}</th>
          <th scope="col">Atom</th>
          <th scope="col">RSS</th>
        </tr>
      </thead>
      <tbody>
        {FEEDS.map((f) => (
          <tr key={f}>
            <th scope="row">{t(`feeds:title.${KEY[f]}`)}</th>
            <td><a href={`${prefix}/${f}.atom`} className="feed-url">{`${origin}${prefix}/${f}.atom`}</a></td>
            <td><a href={`${prefix}/${f}.rss`} className="feed-url">{`${origin}${prefix}/${f}.rss`}</a></td>
          </tr>
        ))}
        {searches.map((s) => (
          <tr key={`s${s.id}`}>
            <th scope="row">{t("saved:feedTitle", { name: s.name })}</th>
            <td><a href={`${prefix}/searches/${s.id}.atom`} className="feed-url">{`${origin}${prefix}/searches/${s.id}.atom`}</a></td>
            <td><a href={`${prefix}/searches/${s.id}.rss`} className="feed-url">{`${origin}${prefix}/searches/${s.id}.rss`}</a></td>
          </tr>
        ))}
      </tbody>
    </table>
    <p className="meta feed-url">{t("feeds:settings.perTag", { example: `${prefix}/tags/<slug>.atom`, org: `${prefix}/orgs/<slug>.atom` })}</p>
    </>
  );
}
