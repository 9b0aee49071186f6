import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { ZipArchive } from "archiver";
import { PDFDocument, PDFName, PDFString, StandardFonts } from "pdf-lib";
import sharp from "sharp";

// Real files for the attachment tests and the bench, built in the test from real libraries:
// PDFs with pdf-lib, Office/OpenDocument containers with archiver, images with sharp.

export async function fixtureDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "allm-att-"));
}

/** A PDF with real text on every page (`pageText(i)` for page i, 0-based). */
export async function pdfBytes(pages: number, pageText: (i: number) => string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    const lines = pageText(i).split("\n");
    lines.forEach((line, n) => page.drawText(line, { x: 50, y: 780 - n * 16, size: 11, font }));
  }
  return doc.save();
}

/** A PDF whose trailer names a standard-security-handler /Encrypt dictionary. */
export async function encryptedPdfBytes(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("hemlig");
  const encrypt = doc.context.obj({
    Filter: "Standard",
    V: 1,
    R: 2,
    O: PDFString.of("0".repeat(32)),
    U: PDFString.of("0".repeat(32)),
    P: -44,
  });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  return doc.save({ useObjectStreams: false });
}

/** A PDF that runs JavaScript when opened. */
export async function javascriptPdfBytes(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("hej");
  const action = doc.context.obj({ Type: "Action", S: "JavaScript", JS: PDFString.of("app.alert('x')") });
  doc.catalog.set(PDFName.of("OpenAction"), doc.context.register(action));
  return doc.save({ useObjectStreams: false });
}

export type ZipPart = { name: string; data: string | Buffer; store?: boolean };

/** A zip written with archiver, entries in the given order. */
export async function zipFile(file: string, parts: ZipPart[]): Promise<string> {
  const zip = new ZipArchive({ zlib: { level: 9 } });
  const done = pipeline(zip, createWriteStream(file));
  for (const p of parts) zip.append(p.data, { name: p.name, store: p.store });
  await zip.finalize();
  await done;
  return file;
}

const OOXML_MAIN = {
  docx: { ct: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", part: "word/document.xml" },
  docm: { ct: "application/vnd.ms-word.document.macroEnabled.main+xml", part: "word/document.xml" },
  xlsx: { ct: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", part: "xl/workbook.xml" },
  pptx: { ct: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", part: "ppt/presentation.xml" },
} as const;

function contentTypes(kind: keyof typeof OOXML_MAIN, extra = ""): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/${OOXML_MAIN[kind].part}" ContentType="${OOXML_MAIN[kind].ct}"/>${extra}</Types>`
  );
}
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function docxParts(paragraphs: string[], kind: "docx" | "docm" = "docx"): ZipPart[] {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`).join("");
  return [
    { name: "[Content_Types].xml", data: contentTypes(kind) },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>` },
  ];
}

export function xlsxParts(cells: string[][]): ZipPart[] {
  const strings = cells.flat();
  const sst = strings.map((s) => `<si><t>${esc(s)}</t></si>`).join("");
  let n = 0;
  const rows = cells
    .map((row, r) => `<row r="${r + 1}">${row.map((_, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="s"><v>${n++}</v></c>`).join("")}</row>`)
    .join("");
  return [
    { name: "[Content_Types].xml", data: contentTypes("xlsx", `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`) },
    { name: "_rels/.rels", data: RELS.replace("word/document.xml", "xl/workbook.xml") },
    { name: "xl/workbook.xml", data: `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Blad1" sheetId="1"/></sheets></workbook>` },
    { name: "xl/sharedStrings.xml", data: `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sst}</sst>` },
    { name: "xl/worksheets/sheet1.xml", data: `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>` },
  ];
}

export function pptxParts(slides: string[]): ZipPart[] {
  return [
    { name: "[Content_Types].xml", data: contentTypes("pptx") },
    { name: "_rels/.rels", data: RELS.replace("word/document.xml", "ppt/presentation.xml") },
    { name: "ppt/presentation.xml", data: `<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>` },
    ...slides.map((s, i) => ({
      name: `ppt/slides/slide${i + 1}.xml`,
      data: `<?xml version="1.0"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>${esc(s)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`,
    })),
  ];
}

export function odfParts(kind: "text" | "spreadsheet" | "presentation", paragraphs: string[], extra: ZipPart[] = []): ZipPart[] {
  const mime = `application/vnd.oasis.opendocument.${kind}`;
  const body = paragraphs.map((p) => `<text:p>${esc(p)}</text:p>`).join("");
  const inner = kind === "text" ? `<office:text>${body}</office:text>` : kind === "spreadsheet" ? `<office:spreadsheet><table:table><table:table-row><table:table-cell>${body}</table:table-cell></table:table-row></table:table></office:spreadsheet>` : `<office:presentation><draw:page><draw:frame><draw:text-box>${body}</draw:text-box></draw:frame></draw:page></office:presentation>`;
  return [
    { name: "mimetype", data: mime, store: true },
    { name: "content.xml", data: `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"><office:body>${inner}</office:body></office:document-content>` },
    { name: "META-INF/manifest.xml", data: `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mime}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>` },
    ...extra,
  ];
}

/**
 * A DOCX whose document.xml declares `declared` uncompressed bytes in both the local header and
 * the central directory but inflates to far more: a bomb that lies about its size.
 */
export async function lyingZipBomb(file: string, realBytes: number, declared = 1000): Promise<string> {
  await zipFile(file, [...docxParts(["x"]).slice(0, 2), { name: "word/document.xml", data: Buffer.alloc(realBytes, 0x20) }]);
  const buf = await readFile(file);
  const name = Buffer.from("word/document.xml");
  for (let i = 0; i < buf.length - 4; i++) {
    const sig = buf.readUInt32LE(i);
    if (sig === 0x04034b50 && buf.subarray(i + 30, i + 30 + name.length).equals(name)) {
      // Local header: archiver streams, so sizes sit in the data descriptor; flag bit 3 stays.
      buf.writeUInt32LE(declared, i + 22);
    } else if (sig === 0x02014b50 && buf.subarray(i + 46, i + 46 + name.length).equals(name)) {
      buf.writeUInt32LE(declared, i + 24);
    } else if (sig === 0x08074b50) {
      // Data descriptor after the big entry: crc, compressed, uncompressed.
      if (buf.readUInt32LE(i + 12) === realBytes) buf.writeUInt32LE(declared, i + 12);
    }
  }
  await writeFile(file, buf);
  return file;
}

export async function imageBytes(format: "png" | "jpeg" | "webp" | "gif"): Promise<Buffer> {
  const img = sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 80, b: 40 } } });
  return img.toFormat(format).toBuffer();
}

/** The first bytes of an ELF executable (x86-64) and of a Windows PE ("MZ" … "PE\0\0"). */
export function elfBytes(): Buffer {
  const b = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b);
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(0x3e, 18);
  return b;
}
export function peBytes(): Buffer {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  b.writeUInt16LE(0x14c, 0x84);
  return b;
}
