import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

type Person = { handle: string; name: string; cannotRead?: boolean };

/**
 * @mention autocomplete for a textarea (by id), where JavaScript runs: while the word before the
 * caret starts with "@", people the writer may address are offered as buttons; choosing one
 * completes the handle. On a thread, people who cannot read it are marked, before posting.
 * Without JavaScript, typing @handle works the same, and the form's warning step tells.
 */
export function MentionSuggest({ textareaId, threadId }: { textareaId: string; threadId?: string }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<Person[]>([]);
  const [word, setWord] = useState<{ start: number; end: number } | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    const el = document.getElementById(textareaId) as HTMLTextAreaElement | null;
    if (!el) return;
    const onInput = () => {
      const upto = el.value.slice(0, el.selectionStart ?? el.value.length);
      const m = /(?:^|[^\w.@/])@([\w.-]{1,40})$/.exec(upto);
      if (!m) {
        setPeople([]);
        setWord(null);
        return;
      }
      const end = upto.length;
      setWord({ start: end - m[1].length, end });
      const mine = ++seq.current;
      const about = threadId ? `&thread=${encodeURIComponent(threadId)}` : "";
      fetch(`/mentions/suggest?q=${encodeURIComponent(m[1])}${about}`, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : { people: [] }))
        .then((d: { people: Person[] }) => mine === seq.current && setPeople(d.people))
        .catch(() => undefined);
    };
    el.addEventListener("input", onInput);
    return () => el.removeEventListener("input", onInput);
  }, [textareaId, threadId]);
  const choose = (p: Person) => {
    const el = document.getElementById(textareaId) as HTMLTextAreaElement | null;
    if (!el || !word) return;
    el.value = `${el.value.slice(0, word.start)}${p.handle} ${el.value.slice(word.end)}`;
    const caret = word.start + p.handle.length + 1;
    el.focus();
    el.setSelectionRange(caret, caret);
    el.dispatchEvent(new Event("input", { bubbles: true }));
    setPeople([]);
  };
  return (
    <div className="mention-suggest">
      <p className="visually-hidden" aria-live="polite">{people.length ? t("notifications:mention.count", { count: people.length }) : ""}</p>
      {people.length ? (
        <ul aria-label={t("notifications:mention.label")}>
          {people.map((p) => (
            <li key={p.handle}>
              <button type="button" className="link-button" onClick={() => choose(p)}>
                @{p.handle} <span className="meta">{p.name}</span>
                {p.cannotRead ? <span className="mention-warn"> ({t("notifications:mention.wontSee")})</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
