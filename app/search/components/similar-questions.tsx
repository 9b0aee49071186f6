import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SimilarItem } from "../similar.server";

/**
 * While the title field `inputId` is typed in: up to five similar threads and cases the viewer
 * may read (GET /search/similar, debounced), announced politely. Without JavaScript it shows
 * nothing and the form works as before.
 */
export function SimilarQuestions({ inputId, exclude }: { inputId: string; exclude?: string }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<SimilarItem[]>([]);
  const last = useRef("");
  useEffect(() => {
    const input = document.getElementById(inputId) as HTMLInputElement | null;
    if (!input) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ctrl: AbortController | null = null;
    const run = () => {
      const q = input.value.trim();
      if (q === last.current) return;
      last.current = q;
      ctrl?.abort();
      if (q.length < 4) { setItems([]); return; }
      ctrl = new AbortController();
      const params = new URLSearchParams({ q });
      if (exclude) params.set("exclude", exclude);
      fetch(`/search/similar?${params}`, { signal: ctrl.signal, headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : { similar: [] }))
        .then((d: { similar?: SimilarItem[] }) => setItems(d.similar ?? []))
        .catch(() => undefined);
    };
    const onInput = () => { clearTimeout(timer); timer = setTimeout(run, 400); };
    input.addEventListener("input", onInput);
    if (input.value) onInput();
    return () => { input.removeEventListener("input", onInput); clearTimeout(timer); ctrl?.abort(); };
  }, [inputId, exclude]);
  return (
    <div className="similar-questions" aria-live="polite">
      {items.length ? (
        <section aria-labelledby="similar-heading" className="notice">
          <h2 id="similar-heading" className="similar-heading">{t("similar:heading")}</h2>
          <p className="hint">{t("similar:intro")}</p>
          <ul>
            {items.map((i) => (
              <li key={`${i.type}:${i.id}`}>
                <a href={i.path} target="_blank" rel="noreferrer">{i.title}</a>{" "}
                <span className="meta">{i.solved ? t("similar:solved") : t(`similar:kind.${i.kind}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
