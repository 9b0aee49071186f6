import { useTranslation } from "react-i18next";

/** "Skickad till 4 personer med erfarenhet av Copilot, GDPR" — how far a question was routed, never to whom. */
export function RoutedNotice({ count, tags }: { count: number; tags: { slug: string; nameSv: string; nameEn: string }[] }) {
  const { t, i18n } = useTranslation();
  const names = tags.map((tag) => (i18n.language === "en" ? tag.nameEn : tag.nameSv)).join(", ");
  return (
    <p className="notice routed-notice" data-testid="routed-notice">
      {names ? t("profiles:routed.notice", { count, tags: names }) : t("profiles:routed.noticeNoTags", { count })}
    </p>
  );
}
