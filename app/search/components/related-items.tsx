import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SimilarItem } from "../similar.server";

/**
 * "Related threads" on a thread page, "Similar case studies" on a case page: fetched after the
 * page has loaded (GET /search/similar, in the viewer's scope), so rendering and the page cache
 * pay nothing for it. Without JavaScript the section is not shown.
 */
export function RelatedItems({ text, exclude, cases = false }: { text: string; exclude: string; cases?: boolean }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<SimilarItem[]>([]);
  useEffect(() => {
    const ctrl = new AbortController();
    const params = new URLSearchParams({ q: text, exclude, ...(cases ? { typ: "case" } : {}) });
    fetch(`/search/similar?${params}`, { signal: ctrl.signal, headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { similar: [] }))
      .then((d: { similar?: SimilarItem[] }) => setItems(d.similar ?? []))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [text, exclude, cases]);
  if (items.length === 0) return null;
  const heading = cases ? t("similar:cases") : t("similar:related");
  return (
    <section aria-labelledby="related-heading" className="related-items">
      <h2 id="related-heading">{heading}</h2>
      <ul>
        {items.map((i) => (
          <li key={`${i.type}:${i.id}`}>
            <a href={i.path}>{i.title}</a> <span className="meta">{i.solved ? t("similar:solved") : t(`similar:kind.${i.kind}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
