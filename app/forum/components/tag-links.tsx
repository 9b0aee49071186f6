import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TagRef } from "../types";

/** A thread's tags as links to their tag pages, named in the reader's language. */
export function TagLinks({ tags, label }: { tags: TagRef[]; label?: string }) {
  const { i18n, t } = useTranslation();
  if (!tags.length) return null;
  return (
    <ul className="tags" aria-label={label ?? t("forum:thread.tags")}>
      {tags.map((tag) => (
        <li key={tag.slug}>
          <Link className="tag" to={`/tags/${tag.slug}`}>{i18n.language === "en" ? tag.nameEn : tag.nameSv}</Link>
        </li>
      ))}
    </ul>
  );
}
