import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../../lib/forms.server";
import { isMentionWarning } from "../../forum/result";

/**
 * The "post anyway" step of a form whose post mentions people who will not see it (the warning
 * itself is shown as the body field's message). Works without JavaScript: the form came back
 * with the text kept; ticking this and sending again posts it.
 */
export function MentionConfirm({ errors, idSuffix = "" }: { errors: FieldErrors | null | undefined; idSuffix?: string }) {
  const { t } = useTranslation();
  if (!isMentionWarning(errors)) return null;
  const id = `f-confirmMentions${idSuffix}`;
  return (
    <div className="field field-check mention-confirm">
      <p id={`${id}-hint`} className="hint">{t("notifications:mention.confirmHint")}</p>
      <input type="checkbox" id={id} name="confirmMentions" value="1" aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>{t("notifications:mention.confirm")}</label>
    </div>
  );
}
