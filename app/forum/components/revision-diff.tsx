import { diffLines, diffWordsWithSpace, type Change } from "diff";
import { useTranslation } from "react-i18next";

// A readable diff of one revision (issue 16 item 7): removed words struck through in <del>,
// added words underlined in <ins>, each also named in text for screen readers ("borttaget:",
// "tillagt:"), so the change never rests on colour alone. The `diff` library (jsdiff) does the
// comparing: word by word, or line by line for long texts where a word diff gets slow.

/** Above this many characters (old + new) the comparison is by line. */
const WORD_LIMIT = 20_000;

export function diffParts(before: string, after: string): Change[] {
  return before.length + after.length > WORD_LIMIT ? diffLines(before, after) : diffWordsWithSpace(before, after);
}

export function DiffText({ before, after, className }: { before: string; after: string; className?: string }) {
  const { t } = useTranslation("modtools");
  const parts = diffParts(before, after);
  return (
    <p className={`diff ${className ?? ""}`}>
      {parts.map((p, i) =>
        p.removed ? (
          <del key={i}><span className="visually-hidden">{t("diff.removedStart")}</span>{p.value}<span className="visually-hidden">{t("diff.end")}</span></del>
        ) : p.added ? (
          <ins key={i}><span className="visually-hidden">{t("diff.addedStart")}</span>{p.value}<span className="visually-hidden">{t("diff.end")}</span></ins>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </p>
  );
}
