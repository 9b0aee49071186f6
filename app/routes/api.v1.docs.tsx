import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { docsModel } from "~/api/docs.server";
import { pageTitle } from "~/orgs/title.server";
import apiCss from "~/styles/api.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: apiCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Allmänning" }];

// /api/v1/docs: the API reference, rendered on the server from the generated OpenAPI document.
export function loader({ context }: LoaderFunctionArgs) {
  return json({ ...docsModel(context.locale), title: pageTitle(context.locale, "api:docs.title") }, { headers: { "Cache-Control": "public, max-age=300" } });
}

export default function ApiDocs() {
  const { operations, schemas, problems, baseUrl } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const items = t("api:docs.conventionsItems", { returnObjects: true }) as string[];
  const curl = `curl -H "Authorization: Bearer allm_…" "${baseUrl}/api/v1/threads?limit=5"`;
  return (
    <div className="page api-docs">
      <h1>{t("api:docs.title")}</h1>
      <p>{t("api:docs.intro")}</p>
      <p><a href="/api/v1/openapi.json">{t("api:docs.openapi")}</a> · <a href="/settings/tokens">{t("api:tokens.title")}</a></p>
      <nav aria-labelledby="api-toc"><h2 id="api-toc">{t("api:docs.operations")}</h2>
        <ul className="api-toc">{operations.map((o) => <li key={o.id}><a href={`#op-${o.id}`}><code>{o.method} {o.path}</code></a> – {o.summary}</li>)}</ul>
      </nav>
      <h2>{t("api:docs.auth")}</h2>
      <p>{t("api:docs.authText")}</p>
      <h3>{t("api:docs.example")}</h3>
      <pre className="api-code"><code>{curl}</code></pre>
      <h2>{t("api:docs.conventions")}</h2>
      <ul>{items.map((x) => <li key={x}>{x}</li>)}</ul>
      <h2>{t("api:docs.operations")}</h2>
      {operations.map((o) => (
        <section key={o.id} id={`op-${o.id}`} className="api-op" aria-labelledby={`op-${o.id}-h`}>
          <h3 id={`op-${o.id}-h`}><span className={`api-method api-${o.method.toLowerCase()}`}>{o.method}</span> <code>{o.path}</code></h3>
          <p>{o.summary}. <em>{o.scope === "write" ? t("api:docs.scopeWrite") : t("api:docs.scopeRead")}</em></p>
          {o.params.length ? (
            <table className="api-table">
              <caption>{t("api:docs.parameters")}</caption>
              <thead><tr><th scope="col">{t("api:docs.param.name")}</th><th scope="col">{t("api:docs.param.in")}</th><th scope="col">{t("api:docs.field.type")}</th><th scope="col">{t("api:docs.param.required")}</th><th scope="col">{t("api:docs.param.description")}</th></tr></thead>
              <tbody>{o.params.map((p) => <tr key={`${p.in}-${p.name}`}><td><code>{p.name}</code></td><td>{p.in}</td><td><code>{p.type}</code></td><td>{p.required ? t("api:docs.param.yes") : t("api:docs.param.no")}</td><td>{p.description}</td></tr>)}</tbody>
            </table>
          ) : null}
          {o.body ? <p>{t("api:docs.body")}: <a href={`#schema-${o.body}`}><code>{o.body}</code></a> (application/json)</p> : null}
          <table className="api-table">
            <caption>{t("api:docs.responses")}</caption>
            <tbody>{o.responses.map((r) => <tr key={r.status}><th scope="row">{r.status}</th><td>{r.description}</td><td>{r.schema ? <a href={`#schema-${r.schema}`}><code>{r.schema}</code></a> : null}</td></tr>)}</tbody>
          </table>
        </section>
      ))}
      <h2>{t("api:docs.problems")}</h2>
      <dl className="api-problems">
        {problems.map((p) => <div key={p.type} id={`problem-${p.type}`}><dt><code>{p.type}</code> ({p.status}) – {p.title}</dt><dd>{p.detail}</dd></div>)}
      </dl>
      <h2>{t("api:docs.schemas")}</h2>
      {schemas.map((s) => (
        <section key={s.name} id={`schema-${s.name}`} className="api-schema" aria-labelledby={`schema-${s.name}-h`}>
          <h3 id={`schema-${s.name}-h`}><code>{s.name}</code></h3>
          {s.description ? <p>{s.description}</p> : null}
          {s.fields.length ? (
            <table className="api-table">
              <thead><tr><th scope="col">{t("api:docs.field.name")}</th><th scope="col">{t("api:docs.field.type")}</th><th scope="col">{t("api:docs.field.required")}</th><th scope="col">{t("api:docs.param.description")}</th></tr></thead>
              <tbody>{s.fields.map((f) => <tr key={f.name}><td><code>{f.name}</code></td><td><code>{f.type}</code></td><td>{f.required ? t("api:docs.param.yes") : t("api:docs.param.no")}</td><td>{f.description}</td></tr>)}</tbody>
            </table>
          ) : null}
        </section>
      ))}
    </div>
  );
}
