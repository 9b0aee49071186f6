import { useLocation, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { valuesOf, type Values } from "./form-values";

type Stored = { savedAt: string; values: Values };
type State = { kind: "idle" } | { kind: "saved"; at: Date } | { kind: "found"; draft: Stored } | { kind: "restored" } | { kind: "discarded" };

// Names that are not what the person wrote: the idempotency token, the button, and files (an
// upload is already stored on the server and listed again by the form).
const SKIP = (name: string) => name === "_submission" || name === "intent" || name === "keepAttachment" || name === "attachment" || name.startsWith("attachmentTitle.");

const same = (a: Values, b: Values) => {
  const norm = (v: Values) => JSON.stringify(Object.keys(v).sort().map((k) => [k, ([] as string[]).concat(v[k] ?? []).filter((x) => x !== "")]).filter(([, x]) => x.length));
  return norm(a) === norm(b);
};

/** Puts stored values back into a form's controls (repeated names in order, boxes by value). */
function apply(form: HTMLFormElement, values: Values) {
  const seen: Record<string, number> = {};
  for (const el of Array.from(form.elements) as (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[]) {
    if (!el.name || SKIP(el.name) || !(el.name in values) || (el as HTMLInputElement).type === "file" || (el as HTMLInputElement).type === "hidden") continue;
    const all = ([] as string[]).concat(values[el.name] ?? []);
    if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) el.checked = all.includes(el.value);
    else el.value = all[(seen[el.name] = (seen[el.name] ?? -1) + 1)] ?? "";
  }
  // Boxes that were not ticked in the draft are not in it: untick them.
  for (const el of Array.from(form.querySelectorAll<HTMLInputElement>("input[type=checkbox], input[type=radio]"))) {
    if (el.name && !SKIP(el.name) && !(el.name in values) && el.type === "checkbox") el.checked = false;
  }
  form.dispatchEvent(new Event("input", { bubbles: true }));
}

/**
 * A draft of a long form kept in this browser's localStorage while it is filled in (with
 * JavaScript only; without it the form's own "Spara utkast" stores it on the server). The key
 * names the person and the form, so another account on the same browser never sees it. A draft
 * left from an earlier visit is offered back (restore or discard); it is removed once the form
 * has been sent and the server moved on to another page.
 */
export function DraftKeeper({ formId, storageKey }: { formId: string; storageKey: string }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>({ kind: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const paused = useRef(false);
  const navigation = useNavigation();
  const location = useLocation();
  const form = useCallback(() => document.getElementById(formId) as HTMLFormElement | null, [formId]);

  useEffect(() => {
    const f = form();
    if (!f) return;
    let stored: Stored | null = null;
    try {
      stored = JSON.parse(localStorage.getItem(storageKey) ?? "null");
    } catch {
      stored = null;
    }
    if (stored?.values && !same(stored.values, valuesOf(f, SKIP))) {
      paused.current = true; // the earlier draft is not overwritten before the person chooses
      setState({ kind: "found", draft: stored });
    }
    const save = () => {
      if (paused.current) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const at = new Date();
        try {
          localStorage.setItem(storageKey, JSON.stringify({ savedAt: at.toISOString(), values: valuesOf(f, SKIP) }));
          setState({ kind: "saved", at });
        } catch {
          // Storage full or refused: the form still works, only without a kept draft.
        }
      }, 700);
    };
    f.addEventListener("input", save);
    f.addEventListener("change", save);
    return () => {
      clearTimeout(timer.current);
      f.removeEventListener("input", save);
      f.removeEventListener("change", save);
    };
  }, [form, storageKey]);

  // Sent and answered with another page (the server redirects only after a successful save).
  useEffect(() => {
    if (navigation.state === "loading" && navigation.formMethod && navigation.location.pathname !== location.pathname) {
      clearTimeout(timer.current);
      localStorage.removeItem(storageKey);
    }
  }, [navigation, location.pathname, storageKey]);

  const time = (d: Date) => d.toLocaleTimeString(i18n.language === "en" ? "en-GB" : "sv-SE", { hour: "2-digit", minute: "2-digit" });
  const date = (d: Date) => d.toLocaleDateString(i18n.language === "en" ? "en-GB" : "sv-SE", { day: "numeric", month: "long" });
  const restore = () => {
    const f = form();
    if (state.kind !== "found" || !f) return;
    apply(f, state.draft.values);
    paused.current = false;
    setState({ kind: "restored" });
  };
  const discard = () => {
    localStorage.removeItem(storageKey);
    paused.current = false;
    setState({ kind: "discarded" });
  };
  return (
    <div className="draft-keeper">
      {state.kind === "found" ? (
        <div className="notice draft-found">
          <p>{t("forms:draft.found", { time: time(new Date(state.draft.savedAt)), date: date(new Date(state.draft.savedAt)) })}</p>
          <p className="actions">
            <button type="button" className="button" onClick={restore}>{t("forms:draft.restore")}</button>
            <button type="button" className="button button-secondary" onClick={discard}>{t("forms:draft.discard")}</button>
          </p>
        </div>
      ) : null}
      <p className="hint draft-status" data-draft-state={state.kind}>
        {state.kind === "saved" ? t("forms:draft.saved", { time: time(state.at) })
          : state.kind === "restored" ? t("forms:draft.restored")
          : state.kind === "discarded" ? t("forms:draft.discarded")
          : t("forms:draft.local")}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {state.kind === "restored" ? t("forms:draft.restored") : state.kind === "discarded" ? t("forms:draft.discarded") : ""}
      </p>
    </div>
  );
}
