import { Form, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { UNDO_WINDOW_MINUTES } from "~/policy/undo";

const KINDS = ["thread", "post", "case"] as const;
type Kind = (typeof KINDS)[number];
const kindOf = (v: string | null): Kind | null => KINDS.find((k) => k === v) ?? null;

/** The status after a soft delete (`?undo=<kind>-<id>`) with its Ångra button, or after an undo (`?restored=<kind>`). */
export function UndoNotice({ kind: fixedKind, id: fixedId }: { kind?: Kind; id?: string } = {}) {
  const { t } = useTranslation("confirm");
  const [params] = useSearchParams();
  const location = useLocation();
  const nav = useNavigation();
  const restored = kindOf(params.get("restored"));
  const m = /^(thread|post|case)-(\d{1,18})$/.exec(params.get("undo") ?? "");
  const kind = fixedKind ?? (m ? (m[1] as Kind) : null);
  const id = fixedId ?? m?.[2];
  if (restored && !kind) return <p className="notice" role="status">{t(`undo.restored.${restored}`)}</p>;
  if (!kind || !id) return null;
  // Disabled until the redirect after the undo has loaded: a second press would find nothing to take back.
  const pending = nav.state !== "idle" && nav.formAction === "/undo";
  return (
    <div className="notice undo-notice" role="status">
      <p>{t(`undo.deleted.${kind}`)} {t("undo.window", { minutes: UNDO_WINDOW_MINUTES })}</p>
      <Form method="post" action="/undo">
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="back" value={location.pathname} />
        <button type="submit" className="button button-secondary" aria-label={t(`undo.submitLabel.${kind}`)} disabled={pending} aria-disabled={pending || undefined}>
          {t("undo.submit")}
        </button>
      </Form>
    </div>
  );
}
