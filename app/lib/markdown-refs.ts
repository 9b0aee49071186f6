// Attachment references in Markdown (`![alt](attachment:<public id>)`), shared by the forms'
// schemas (client and server) and the renderer.
export const ATTACHMENT_REF = /^attachment:([A-Za-z0-9_-]{8,40})$/;

/** Attachment image references with empty alt text (the forms refuse them: WCAG 1.1.1). */
export function attachmentImagesWithoutAlt(source: string): number {
  return [...(source ?? "").matchAll(/!\[([^\]]*)\]\(\s*attachment:[A-Za-z0-9_-]+\s*\)/g)].filter((m) => !m[1].trim()).length;
}
