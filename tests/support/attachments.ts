import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import type { IncomingFile } from "../../app/attachments/intake.server";

// Real files for the attachment tests: a PDF made by pdf-lib, a JPEG with EXIF (GPS, camera) by sharp.

export async function makePdf(text = "Kravspecifikation", pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`${text} ${i + 1}`, { x: 50, y: 780, size: 18, font });
  return Buffer.from(await doc.save());
}

export async function makeJpegWithExif(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Make: "KameraTillverkare", Model: "Modell 9", Copyright: "Kommun A" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "59/1 19/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "18/1 4/1 0/1" } })
    .toBuffer();
}

/** Writes bytes to a temp file as the intake would have. */
export async function incoming(bytes: Buffer, rawName: string): Promise<IncomingFile> {
  const dir = await mkdtemp(path.join(tmpdir(), "allm-test-up-"));
  const p = path.join(dir, "f");
  await writeFile(p, bytes);
  return { field: "files", rawName, path: p, size: bytes.length, hash: createHash("sha256").update(bytes).digest("hex") };
}
