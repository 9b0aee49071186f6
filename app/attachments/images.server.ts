import sharp from "sharp";

type Sharp = ReturnType<typeof sharp>;
type OutputInfo = { width: number; height: number; pageHeight?: number };
import type { AttachmentVariant } from "../../db/types/attachments";

// Images are never served as uploaded: sharp decodes and re-encodes them, which drops EXIF, XMP,
// IPTC and ICC extras (GPS positions, camera serials) and anything smuggled after the image data.
// The stored "original" is itself a re-encode (same format, at most 2560 px wide, auto-rotated
// by its EXIF orientation first), plus WebP widths for srcset and a 320 px thumbnail. Animated
// GIFs keep their animation as animated WebP in the variants (decision record).

export const SRCSET_WIDTHS = [480, 960, 1600] as const;
const THUMB = 320;
const MAX_WIDTH = 2560;
// Refuse decompression bombs: a 10 MB PNG can claim 50 000 × 50 000 pixels.
const LIMIT_INPUT_PIXELS = 40_000_000;

export type Encoded = { data: Buffer; mime: string; width: number; height: number };
export type ImageSet = { main: Encoded; variants: (Encoded & { w: AttachmentVariant["w"] })[] };

const open = (path: string, animated: boolean) => sharp(path, { animated, limitInputPixels: LIMIT_INPUT_PIXELS, failOn: "error" });

/** Re-encodes an uploaded image (already sniffed as PNG/JPEG/WebP/GIF); throws on a broken or too-large one. */
export async function reencodeImage(path: string, mime: string): Promise<ImageSet> {
  const meta = await sharp(path, { limitInputPixels: LIMIT_INPUT_PIXELS }).metadata();
  const animated = (meta.pages ?? 1) > 1 && (mime === "image/gif" || mime === "image/webp");
  const base = () => open(path, animated).rotate();
  const fmt = (s: Sharp) => {
    if (mime === "image/png") return s.png({ compressionLevel: 9 });
    if (mime === "image/jpeg") return s.jpeg({ quality: 85, mozjpeg: true });
    if (mime === "image/gif") return s.gif();
    return s.webp({ quality: 85 });
  };
  const mainOut = await fmt(base().resize({ width: MAX_WIDTH, withoutEnlargement: true })).toBuffer({ resolveWithObject: true });
  const main: Encoded = { data: mainOut.data, mime, width: mainOut.info.width, height: pageHeight(mainOut.info) };
  const variants: ImageSet["variants"] = [];
  for (const w of SRCSET_WIDTHS) {
    if (w >= main.width) break;
    const out = await base().resize({ width: w }).webp({ quality: 80 }).toBuffer({ resolveWithObject: true });
    variants.push({ w, data: out.data, mime: "image/webp", width: out.info.width, height: pageHeight(out.info) });
  }
  const thumb = await base().resize({ width: Math.min(THUMB, main.width) }).webp({ quality: 75 }).toBuffer({ resolveWithObject: true });
  variants.push({ w: "thumb", data: thumb.data, mime: "image/webp", width: thumb.info.width, height: pageHeight(thumb.info) });
  return { main, variants };
}

// For an animated image sharp reports the height of all frames stacked.
const pageHeight = (info: OutputInfo) => info.pageHeight ?? info.height;
