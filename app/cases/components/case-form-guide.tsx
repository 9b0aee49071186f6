import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/lib/forms.server";
import { valuesOf, type Values } from "~/lib/ui/form-values";
import { CASE_ARRAY_FIELDS } from "../schemas";
import { sectionStates } from "../form-guide";

/**
 * The case form's guide: its parts as links, each with how far it is from publishable (done,
 * fields left, errors), and how many parts are done. Rendered by the server from the values it
 * has (so it works without JavaScript); with JavaScript it follows what is typed.
 */
export function CaseFormGuide({ formId, values, errors }: { formId: string; values: Values; errors?: FieldErrors }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(values);
  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const update = () => setCurrent(valuesOf(form, () => false, (k) => CASE_ARRAY_FIELDS.includes(k)));
    update();
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    return () => {
      form.removeEventListener("input", update);
      form.removeEventListener("change", update);
    };
  }, [formId]);
  const states = sectionStates(current, errors ?? {});
  const counted = states.filter((s) => s.required > 0);
  const done = counted.filter((s) => s.missing === 0 && s.errors === 0).length;
  return (
    <nav className="case-guide" aria-labelledby="case-guide-title">
      <h2 id="case-guide-title">{t("forms:guide.heading")}</h2>
      <p className="case-guide-progress">
        <progress max={counted.length} value={done} aria-hidden="true" /> {t("forms:guide.progress", { done, total: counted.length })}
      </p>
      <ol>
        {states.map((s, i) => {
          const state = s.errors ? "errors" : s.required === 0 ? "optional" : s.missing ? "missing" : "done";
          const text = s.errors ? t("forms:guide.errors", { count: s.errors }) : s.required === 0 ? t("forms:guide.optional") : s.missing ? t("forms:guide.missing", { count: s.missing }) : t("forms:guide.done");
          return (
            <li key={s.id} data-section={s.id} data-state={state}>
              <a href={`#s-${s.id}`}>
                <span className="case-guide-n">{i + 1}.</span> <span className="case-guide-label">{t(`cases:sections.${s.id}`)}</span>
                <span className={`case-guide-state state-${state}`}><span className="visually-hidden">: </span>{text}</span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
