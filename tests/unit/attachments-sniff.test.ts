import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeFilename, MAX_FILENAME_LENGTH } from "../../app/attachments/filename";
import { sniffFile } from "../../app/attachments/sniff.server";
import { attachments } from "../../app/lib/i18n/catalogue/attachments";
import {
  docxParts,
  elfBytes,
  encryptedPdfBytes,
  fixtureDir,
  imageBytes,
  javascriptPdfBytes,
  lyingZipBomb,
  odfParts,
  pdfBytes,
  peBytes,
  pptxParts,
  xlsxParts,
  zipFile,
} from "../support/attachment-fixtures";

// Every verdict below comes from real files built here (pdf-lib, archiver, sharp) and read back
// by the real sniffer; names deliberately lie where the test is about names.

let dir: string;
beforeAll(async () => {
  dir = await fixtureDir();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const put = async (name: string, data: Uint8Array | string) => {
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
};

describe("sniffFile: allowed types, decided by bytes", () => {
  it("accepts a PDF with text", async () => {
    const file = await put("rapport.pdf", await pdfBytes(2, (i) => `Sida ${i + 1}: upphandling`));
    expect(await sniffFile(file)).toEqual({ ok: true, kind: "document", mime: "application/pdf", ext: "pdf" });
  });

  it("accepts DOCX, XLSX and PPTX with the right [Content_Types].xml", async () => {
    const docx = await zipFile(path.join(dir, "a.docx"), docxParts(["Kravspecifikation"]));
    const xlsx = await zipFile(path.join(dir, "a.xlsx"), xlsxParts([["Kommun", "Kostnad"], ["Ånge", "100"]]));
    const pptx = await zipFile(path.join(dir, "a.pptx"), pptxParts(["Bild ett"]));
    expect(await sniffFile(docx)).toMatchObject({ ok: true, kind: "document", ext: "docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    expect(await sniffFile(xlsx)).toMatchObject({ ok: true, ext: "xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    expect(await sniffFile(pptx)).toMatchObject({ ok: true, ext: "pptx", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation" });
  });

  it("accepts ODT, ODS and ODP", async () => {
    for (const [kind, ext] of [["text", "odt"], ["spreadsheet", "ods"], ["presentation", "odp"]] as const) {
      const file = await zipFile(path.join(dir, `a.${ext}`), odfParts(kind, ["Hej"]));
      expect(await sniffFile(file)).toEqual({ ok: true, kind: "document", ext, mime: `application/vnd.oasis.opendocument.${kind}` });
    }
  });

  it("accepts PNG, JPEG, WebP and GIF made by sharp", async () => {
    for (const [format, ext, mime] of [["png", "png", "image/png"], ["jpeg", "jpg", "image/jpeg"], ["webp", "webp", "image/webp"], ["gif", "gif", "image/gif"]] as const) {
      const file = await put(`bild.${format}`, await imageBytes(format));
      expect(await sniffFile(file)).toEqual({ ok: true, kind: "image", ext, mime });
    }
  });

  it("accepts UTF-8 text and tells plain text, CSV and Markdown apart", async () => {
    expect(await sniffFile(await put("a.bin", "Hej på dig.\nEn rad till, med komma.\n"))).toEqual({ ok: true, kind: "document", mime: "text/plain", ext: "txt" });
    expect(await sniffFile(await put("b.bin", "\uFEFFkommun;invånare;år\nÅnge;9000;2026\nÖsthammar;22000;2026\n"))).toEqual({ ok: true, kind: "document", mime: "text/csv", ext: "csv" });
    expect(await sniffFile(await put("c.bin", "# Mall\n\nEn prompt för [handläggning](https://example.se).\n- punkt\n"))).toEqual({ ok: true, kind: "document", mime: "text/markdown", ext: "md" });
  });

  it("goes by the bytes, not the name: a PNG named .pdf is a PNG, a DOCX named .txt is a DOCX", async () => {
    const png = await put("faktura.pdf", await imageBytes("png"));
    expect(await sniffFile(png)).toMatchObject({ ok: true, kind: "image", mime: "image/png" });
    const docx = await zipFile(path.join(dir, "anteckning.txt"), docxParts(["x"]));
    expect(await sniffFile(docx)).toMatchObject({ ok: true, ext: "docx" });
  });
});

describe("sniffFile: refusals", () => {
  it("refuses an empty file", async () => {
    expect(await sniffFile(await put("tom.pdf", ""))).toEqual({ ok: false, code: "empty" });
  });

  it("refuses executables, whatever they are called", async () => {
    expect(await sniffFile(await put("rapport.pdf", elfBytes()))).toMatchObject({ ok: false, code: "type_not_allowed", detail: "elf" });
    expect(await sniffFile(await put("rapport.docx", peBytes()))).toMatchObject({ ok: false, code: "type_not_allowed", detail: "exe" });
  });

  it("refuses HTML and SVG (with or without script), also when renamed", async () => {
    expect(await sniffFile(await put("sida.txt", "<!DOCTYPE html><html><body>hej</body></html>"))).toMatchObject({ ok: false, code: "type_not_allowed", detail: "html" });
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>`;
    expect(await sniffFile(await put("bild.png", svg))).toMatchObject({ ok: false, code: "type_not_allowed", detail: "svg" });
    expect(await sniffFile(await put("plain.svg", `<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>`))).toMatchObject({ ok: false, code: "type_not_allowed", detail: "svg" });
  });

  it("refuses other recognised types (a plain zip, a TIFF)", async () => {
    const zip = await zipFile(path.join(dir, "arkiv.docx"), [{ name: "readme.txt", data: "hej" }]);
    expect(await sniffFile(zip)).toMatchObject({ ok: false, code: "type_not_allowed" });
    const tiff = await put("bild.jpg", await (await import("sharp")).default({ create: { width: 4, height: 4, channels: 3, background: "#fff" } }).tiff().toBuffer());
    expect(await sniffFile(tiff)).toMatchObject({ ok: false, code: "type_not_allowed", detail: "tif" });
  });

  it("refuses text that is not valid UTF-8 or holds NUL or control characters", async () => {
    expect(await sniffFile(await put("latin1.txt", Buffer.from("H\xe4lsningar fr\xe5n \xc5nge\n", "latin1")))).toMatchObject({ ok: false, code: "type_not_allowed", detail: "not_utf8" });
    expect(await sniffFile(await put("nul.txt", "hej\u0000då"))).toMatchObject({ ok: false, code: "type_not_allowed", detail: "nul" });
    expect(await sniffFile(await put("esc.txt", "hej\u001b[31mdå"))).toMatchObject({ ok: false, code: "type_not_allowed", detail: "control" });
    // A cut-off multi-byte sequence at the very end is not UTF-8 either.
    expect(await sniffFile(await put("cut.txt", Buffer.concat([Buffer.from("hej "), Buffer.from([0xc3])])))).toMatchObject({ ok: false, detail: "not_utf8" });
  });

  it("refuses script anywhere in a text file as a polyglot", async () => {
    const md = "# Prompt\n\n".padEnd(3 * 1024 * 1024, "ord ") + "\n<script>fetch('/x')</script>\n";
    expect(await sniffFile(await put("mall.md", md))).toMatchObject({ ok: false, code: "polyglot", detail: "<script" });
  });

  it("refuses Office files with macros: macro-enabled types, vbaProject.bin in a .docx, ODF Basic", async () => {
    const docm = await zipFile(path.join(dir, "makro.docx"), [...docxParts(["x"], "docm"), { name: "word/vbaProject.bin", data: Buffer.alloc(512, 1) }]);
    expect(await sniffFile(docm)).toMatchObject({ ok: false, code: "macros" });
    const sneaky = await zipFile(path.join(dir, "sneaky.docx"), [...docxParts(["x"]), { name: "word/vbaProject.bin", data: Buffer.alloc(512, 1) }]);
    expect(await sniffFile(sneaky)).toMatchObject({ ok: false, code: "macros", detail: "word/vbaProject.bin" });
    const xlsm = await zipFile(path.join(dir, "kalkyl.xlsx"), xlsxParts([["a"]]).map((p) => (p.name === "[Content_Types].xml" ? { ...p, data: String(p.data).replace("spreadsheetml.sheet.main+xml", "spreadsheetml.sheet.main+xml\"/><Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject") } : p)));
    expect(await sniffFile(xlsm)).toMatchObject({ ok: false, code: "macros" });
    const odt = await zipFile(path.join(dir, "makro.odt"), odfParts("text", ["x"], [{ name: "Basic/Standard/Module1.xml", data: "<script:module/>" }]));
    expect(await sniffFile(odt)).toMatchObject({ ok: false, code: "macros", detail: "Basic/Standard/Module1.xml" });
  });

  it("refuses an encrypted PDF", async () => {
    expect(await sniffFile(await put("hemlig.pdf", await encryptedPdfBytes()))).toEqual({ ok: false, code: "encrypted" });
  });

  it("refuses a PDF that runs JavaScript, and a PDF that is also HTML", async () => {
    expect(await sniffFile(await put("js.pdf", await javascriptPdfBytes()))).toMatchObject({ ok: false, code: "polyglot", detail: "/javascript" });
    const pdf = Buffer.from(await pdfBytes(1, () => "hej"));
    const tail = Buffer.concat([pdf, Buffer.from("\n<html><script>alert(document.cookie)</script></html>\n")]);
    expect(await sniffFile(await put("poly.pdf", tail))).toMatchObject({ ok: false, code: "polyglot" });
    // HTML first, the PDF after it (readers find %PDF within the first kilobyte): not a PDF at all.
    const head = Buffer.concat([Buffer.from("<html><!-- "), pdf, Buffer.from(" --><script>alert(1)</script></html>")]);
    expect(await sniffFile(await put("poly2.pdf", head))).toMatchObject({ ok: false });
  });

  it("refuses an image that is also HTML", async () => {
    const gif = Buffer.concat([await imageBytes("gif"), Buffer.from("<script>alert(1)</script>")]);
    expect(await sniffFile(await put("bild.gif", gif))).toMatchObject({ ok: false, code: "polyglot", detail: "<script" });
  });

  it("refuses zip bombs disguised as DOCX: ratio, entry count, and a directory that lies", async () => {
    const ratio = await zipFile(path.join(dir, "bomb.docx"), [...docxParts(["x"]).slice(0, 2), { name: "word/document.xml", data: Buffer.alloc(24 * 1024 * 1024, 0x20) }]);
    expect(await sniffFile(ratio)).toEqual({ ok: false, code: "zip_bomb", detail: "ratio" });
    const many = Array.from({ length: 5001 }, (_, i) => ({ name: `word/media/p${i}.xml`, data: "<a/>" }));
    const entries = await zipFile(path.join(dir, "many.docx"), [...docxParts(["x"]), ...many]);
    expect(await sniffFile(entries)).toEqual({ ok: false, code: "zip_bomb", detail: "entries" });
    const lying = await lyingZipBomb(path.join(dir, "lying.docx"), 20 * 1024 * 1024);
    expect(await sniffFile(lying)).toEqual({ ok: false, code: "zip_bomb", detail: "declared_size" });
  });

  it("refuses a truncated DOCX", async () => {
    const ok = await zipFile(path.join(dir, "hel.docx"), docxParts(["hela texten här"]));
    const bytes = (await import("node:fs")).readFileSync(ok);
    const cut = await put("halv.docx", bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await sniffFile(cut)).toMatchObject({ ok: false });
  });
});

describe("safeFilename", () => {
  it("keeps ordinary Swedish names, NFC-normalised", () => {
    expect(safeFilename("Kravspecifikation.pdf")).toEqual({ ok: true, name: "Kravspecifikation.pdf" });
    const decomposed = "O\u0308sthammar a\u030Arsrapport.docx";
    const r = safeFilename(decomposed);
    expect(r).toEqual({ ok: true, name: "Östhammar årsrapport.docx" });
    expect(r.ok && r.name.length).toBe("Östhammar årsrapport.docx".length);
  });

  it("refuses path separators, NUL, control characters and bidi overrides", () => {
    for (const bad of ["../../etc/passwd", "a/b.pdf", "a\\b.pdf", "C:evil.pdf", "rapport\u0000.pdf", "rad\nbrytning.pdf", "tab\u0009.pdf", "fil\u202Efdp.exe", "x\u2066y.pdf", "\u200Fx.pdf", "c1\u0085.pdf"]) {
      expect(safeFilename(bad), JSON.stringify(bad)).toEqual({ ok: false, code: "filename_invalid" });
    }
  });

  it("refuses reserved and empty names", () => {
    for (const bad of ["", "   ", ".", "..", "CON", "nul.txt", "com1.pdf", "Lpt9", "aux.tar.gz", ".hidden", "slut."]) {
      expect(safeFilename(bad), JSON.stringify(bad)).toEqual({ ok: false, code: "filename_invalid" });
    }
    expect(safeFilename("console.pdf")).toEqual({ ok: true, name: "console.pdf" });
  });

  it("shortens a 500-character name and keeps the extension", () => {
    const r = safeFilename("å".repeat(496) + ".pdf");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(r.name).length).toBe(MAX_FILENAME_LENGTH);
    expect(r.name.endsWith(".pdf")).toBe(true);
    // Astral characters are never split in half.
    const emoji = safeFilename("📄".repeat(500) + ".docx");
    expect(emoji.ok && emoji.name.endsWith("📄.docx") && !/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/.test(emoji.name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""))).toBe(true);
  });
});

describe("messages", () => {
  it("has a Swedish and an English message for every refusal code", () => {
    const codes = ["type_not_allowed", "macros", "encrypted", "polyglot", "zip_bomb", "empty", "filename_invalid"];
    for (const lang of ["sv", "en"] as const) {
      for (const code of codes) expect((attachments[lang].refused as Record<string, string>)[code], `${lang}:${code}`).toBeTruthy();
    }
  });
});
