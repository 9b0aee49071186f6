import type { AttachmentVariant } from "../../db/types/attachments";

// What pages and JSON answers see of an attachment (camelCase; no hash, no uploader).

export type AttachmentView = {
  publicId: string;
  filename: string;
  title: string;
  mime: string;
  kind: "document" | "image";
  size: number;
  width: number | null;
  height: number | null;
  href: string;
  thumbHref: string | null;
  srcset: string;
  hidden: boolean;
  hiddenReason: string | null;
  deleted: boolean;
  pending: boolean;
};

/** The one download route: /a/<public id>/<file name>, ?w=<width>|thumb for image sizes. */
export const attachmentHref = (publicId: string, filename: string, w?: string | number) =>
  `/a/${publicId}/${encodeURIComponent(filename)}${w === undefined ? "" : `?w=${w}`}`;

type Row = {
  public_id: string; filename: string; title: string; mime: string; kind: "document" | "image"; size: string | number;
  width: number | null; height: number | null; variants: AttachmentVariant[]; hidden_at: Date | null; hidden_reason: string | null;
  deleted_at: Date | null; parent_type: string | null;
};

export function toView(r: Row): AttachmentView {
  const widths = r.variants.filter((v) => typeof v.w === "number");
  const srcset = r.kind === "image"
    ? [...widths.map((v) => `${attachmentHref(r.public_id, r.filename, v.w)} ${v.width}w`), `${attachmentHref(r.public_id, r.filename)} ${r.width ?? 0}w`].join(", ")
    : "";
  return {
    publicId: r.public_id, filename: r.filename, title: r.title, mime: r.mime, kind: r.kind, size: Number(r.size), width: r.width, height: r.height,
    href: attachmentHref(r.public_id, r.filename),
    thumbHref: r.variants.some((v) => v.w === "thumb") ? attachmentHref(r.public_id, r.filename, "thumb") : null,
    srcset, hidden: Boolean(r.hidden_at), hiddenReason: r.hidden_reason, deleted: Boolean(r.deleted_at), pending: r.parent_type === null,
  };
}

/** 1 234 567 bytes → "1,2 MB" (sv) / "1.2 MB" (en). */
export function formatBytes(n: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  let x = n;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toLocaleString(locale === "en" ? "en-GB" : "sv-SE", { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}
