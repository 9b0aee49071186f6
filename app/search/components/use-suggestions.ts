import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/** A matching thread or case title (from /search/suggest, already checked against the viewer's rights). */
export type TitleOption = { type: "thread" | "case"; id: string; title: string; href: string; kind: "question" | "discussion" | "case" };

/**
 * A search field's value and its completions from /search/suggest (which only draws on
 * documents the viewer may read), fetched 150 ms after typing stops, from two characters on.
 * Used by the header's box and the search page's field; `key` lets them keep separate fetchers.
 */
export function useSuggestions(initial = "", key?: string) {
  const fetcher = useFetcher<{ suggestions: string[]; titles?: TitleOption[] }>(key ? { key } : undefined);
  const [value, setValue] = useState(initial);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setValue(initial), [initial]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = (v: string) => {
    setValue(v);
    clearTimeout(timer.current);
    if (v.trim().length < 2) return;
    timer.current = setTimeout(() => fetcher.load(`/search/suggest?q=${encodeURIComponent(v)}`), 150);
  };
  const fresh = value.trim().length >= 2;
  return { value, onInput, options: fresh ? fetcher.data?.suggestions ?? [] : [], titles: fresh ? fetcher.data?.titles ?? [] : [] };
}
