// The attachments namespace (use as t("attachments:key")): what the type check and the filename
// check refuse, and how an attachment's text shows in search. Swedish first; every key exists in both.
export const attachments = {
  sv: {
    allowed: "Tillåtna filer: dokument i PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument (ODT, ODS, ODP), text (TXT, CSV, Markdown) och bilder i PNG, JPEG, WebP och GIF.",
    refused: {
      type_not_allowed: "Filtypen är inte tillåten. Vi avgör typen av filens innehåll, inte av namnet.",
      macros: "Filen innehåller makron. Spara den utan makron (till exempel som DOCX i stället för DOCM) och ladda upp den igen.",
      encrypted: "Filen är krypterad eller lösenordsskyddad. Ta bort lösenordet och ladda upp den igen.",
      polyglot: "Filen innehåller kod som en webbläsare skulle kunna köra (till exempel HTML eller JavaScript) och kan därför inte tas emot.",
      zip_bomb: "Filen packas upp till orimligt mycket data och kan därför inte tas emot.",
      empty: "Filen är tom.",
      filename_invalid: "Filnamnet går inte att använda. Det får inte innehålla snedstreck, kontrolltecken eller tecken som vänder textriktningen, och får inte vara ett reserverat namn som CON eller NUL.",
    },
    search: {
      inAttachment: "i bilagan {{filename}}",
    },
  },
  en: {
    allowed: "Allowed files: documents in PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument (ODT, ODS, ODP), text (TXT, CSV, Markdown) and images in PNG, JPEG, WebP and GIF.",
    refused: {
      type_not_allowed: "This file type is not allowed. We decide the type from the file's content, not its name.",
      macros: "The file contains macros. Save it without macros (for example as DOCX instead of DOCM) and upload it again.",
      encrypted: "The file is encrypted or password-protected. Remove the password and upload it again.",
      polyglot: "The file contains code a web browser could run (such as HTML or JavaScript), so it cannot be accepted.",
      zip_bomb: "The file unpacks to an unreasonable amount of data, so it cannot be accepted.",
      empty: "The file is empty.",
      filename_invalid: "The file name cannot be used. It must not contain slashes, control characters or characters that reverse the text direction, and must not be a reserved name such as CON or NUL.",
    },
    search: {
      inAttachment: "in the attachment {{filename}}",
    },
  },
};
