import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PanelView } from "../view";

/** One dashboard panel: title, one-sentence summary, the SVG chart, its data as a table, links. */
export function Panel({ p, csvHref }: { p: PanelView; csvHref: string }) {
  const { t } = useTranslation();
  const titleId = `${p.id}-title`;
  const table = p.rows.length ? (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("insights:dataTable", { title: p.title })}>
      <table className="insights-table">
        <caption className="visually-hidden">{t("insights:dataTable", { title: p.title })}</caption>
        <thead><tr>{p.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>
          {p.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => {
                const body = c.href ? <Link to={c.href}>{c.text}</Link> : c.text;
                return j === 0 ? <th key={j} scope="row">{body}</th> : <td key={j} className={c.num ? "num" : undefined}>{body}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : <p className="meta">{t("insights:emptyPanel")}</p>;
  return (
    <section className="panel" aria-labelledby={titleId} id={p.id}>
      <h3 id={titleId}>{p.title}</h3>
      <p className="panel-summary">{p.summary}</p>
      {p.svg ? <div className="chart" dangerouslySetInnerHTML={{ __html: p.svg }} /> : null}
      {p.svg && p.rows.length ? (
        <details className="panel-data">
          <summary>{t("insights:showData")}</summary>
          {table}
        </details>
      ) : p.empty && !p.rows.length ? null : table}
      {p.note ? <p className="meta">{p.note}</p> : null}
      <p className="panel-links">
        {p.more ? <Link to={p.more.href}>{p.more.text}</Link> : null}
        <a href={csvHref} download aria-label={t("insights:csv", { title: p.title })}>{t("insights:csvShort")}</a>
      </p>
    </section>
  );
}
