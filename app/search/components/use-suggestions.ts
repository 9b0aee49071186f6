import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * A search field's value and its completions from /search/suggest (which only draws on
 * documents the viewer may read), fetched 150 ms after typing stops, from two characters on.
 * Used by the header's box and the search page's field; `key` lets them keep separate fetchers.
 */
export function useSuggestions(initial = "", key?: string) {
  const fetcher = useFetcher<{ suggestions: string[] }>(key ? { key } : undefined);
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
  return { value, onInput, options: fetcher.data?.suggestions ?? [] };
}
