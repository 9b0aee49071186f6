// The code that runs inside the extraction worker thread, as plain JavaScript. It is a string
// (run with `new Worker(src, { eval: true })`) because the server is a bundle: a separate worker
// file would not exist next to it at run time. It is kept small, takes everything it needs from
// workerData (file path, MIME type, limits, resolved module locations), and posts one message:
// { ok, text, truncated, pages, peakHeapBytes } or { ok: false, error, detail }.
//
// Bounds inside the worker (the thread's resourceLimits and the parent's timeout are the outer ones):
// - output: at most `maxChars` characters, then it stops reading (truncated: true);
// - zip containers: at most `maxInflateBytes` inflated in total, yauzl checks declared sizes;
// - PDFs: at most `maxPages` pages.

export const EXTRACT_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const v8 = require("node:v8");
const { StringDecoder } = require("node:string_decoder");
const { path, mime, limits, modules } = workerData;

let peakHeap = 0;
const sample = () => {
  const h = v8.getHeapStatistics();
  const used = h.used_heap_size + (h.external_memory || 0);
  if (used > peakHeap) peakHeap = used;
};

const STOP = { stop: true };
const out = { parts: [], len: 0, truncated: false };
function push(s) {
  if (!s) return;
  // PostgreSQL text can hold no NUL; other C0 controls are noise in an index.
  s = s.replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g, " ");
  const room = limits.maxChars - out.len;
  if (s.length >= room) {
    out.parts.push(s.slice(0, room));
    out.len = limits.maxChars;
    out.truncated = true;
    throw STOP;
  }
  out.parts.push(s);
  out.len += s.length;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : " ";
    }
    return ENTITIES[e] ?? m;
  });
}

// A streaming XML text collector: text is taken only inside "text" elements (OOXML) or inside
// the body (ODF); paragraph ends become line breaks. Holds at most one chunk plus one tag.
function xmlCollector(flavour) {
  let inText = flavour === "ooxml" ? 0 : -1; // ODF: -1 until <office:body>
  let carry = "";
  const TEXT_OPEN = /^<(w:t|a:t|t)(\s[^>]*)?>$/;
  const TEXT_CLOSE = /^<\/(w:t|a:t|t)>$/;
  const BREAK = /^<\/(w:p|a:p|si|row|text:p|text:h|table:table-row|text:list-item)>$|^<(w:br|a:br|text:line-break)\b/;
  const TAB = /^<(w:tab|text:tab|table:table-cell)\b/;
  const SPACE = /^<text:s\b/;
  function feed(chunk, final) {
    const s = carry + chunk;
    let last = 0;
    const re = /<[^>]*>/g;
    let m;
    let text = "";
    while ((m = re.exec(s))) {
      const between = s.slice(last, m.index);
      if (between && inText > 0) text += between;
      const tag = m[0];
      last = re.lastIndex;
      if (flavour === "ooxml") {
        if (TEXT_OPEN.test(tag)) inText = 1;
        else if (TEXT_CLOSE.test(tag)) inText = 0;
      } else if (inText < 0) {
        if (tag.startsWith("<office:body")) inText = 1;
        continue;
      }
      if (BREAK.test(tag)) text += "\n";
      else if (TAB.test(tag)) text += "\t";
      else if (SPACE.test(tag) && flavour === "odf") text += " ";
    }
    const rest = s.slice(last);
    const lt = rest.indexOf("<");
    if (lt >= 0) {
      if (inText > 0) text += rest.slice(0, lt);
      carry = rest.slice(lt);
      if (carry.length > 65536) carry = ""; // a "tag" that never ends is not XML we read
    } else {
      if (inText > 0) text += rest;
      carry = "";
    }
    if (final) carry = "";
    push(decodeEntities(text));
  }
  return feed;
}

function zipPartsFor(name) {
  const n = name.toLowerCase();
  if (/^word\/(document|footnotes|endnotes|comments|header\d*|footer\d*)\.xml$/.test(n)) return "ooxml";
  if (/^xl\/sharedstrings\.xml$/.test(n) || /^xl\/worksheets\/sheet\d+\.xml$/.test(n)) return "ooxml";
  if (/^ppt\/(slides\/slide|notesslides\/notesslide)\d+\.xml$/.test(n)) return "ooxml";
  if (n === "content.xml") return "odf";
  return null;
}
// Slides and sheets in their natural order (slide2 before slide10).
const order = (a, b) => a.fileName.localeCompare(b.fileName, "en", { numeric: true });

async function extractZip() {
  const yauzl = require(modules.yauzl);
  const zip = await new Promise((res, rej) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (e, z) => (e ? rej(e) : res(z))),
  );
  try {
    if (zip.entryCount > limits.maxEntries) throw new Error("zip_entries");
    const wanted = [];
    await new Promise((res, rej) => {
      zip.on("entry", (e) => {
        if (zipPartsFor(e.fileName)) wanted.push(e);
        zip.readEntry();
      });
      zip.on("end", res);
      zip.on("error", rej);
      zip.readEntry();
    });
    wanted.sort(order);
    let budget = limits.maxInflateBytes;
    for (const entry of wanted) {
      if (entry.uncompressedSize > budget) throw new Error("inflate_budget");
      const feed = xmlCollector(zipPartsFor(entry.fileName));
      const stream = await new Promise((res, rej) => zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s))));
      const decoder = new StringDecoder("utf8");
      try {
        for await (const chunk of stream) {
          budget -= chunk.length;
          if (budget < 0) throw new Error("inflate_budget");
          feed(decoder.write(chunk), false);
          sample();
        }
        feed(decoder.end(), true);
      } finally {
        stream.destroy();
      }
      push("\n");
    }
  } finally {
    zip.close();
  }
}

async function extractPdf() {
  const pdfjs = await import(modules.pdfjs);
  pdfjs.GlobalWorkerOptions.workerSrc = modules.pdfjsWorker;
  const data = new Uint8Array(fs.readFileSync(path));
  const doc = await pdfjs.getDocument({
    data,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
  }).promise;
  out.pages = doc.numPages;
  try {
    const n = Math.min(doc.numPages, limits.maxPages);
    for (let i = 1; i <= n; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
      page.cleanup();
      sample();
      push(text + "\n\n");
    }
    if (doc.numPages > n) out.truncated = true;
  } finally {
    await doc.destroy();
  }
}

async function extractPlain() {
  const fd = fs.openSync(path, "r");
  try {
    const buf = Buffer.alloc(1 << 20);
    const decoder = new StringDecoder("utf8");
    let pos = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      pos += n;
      push(decoder.write(buf.subarray(0, n)));
      sample();
    }
    push(decoder.end());
  } finally {
    fs.closeSync(fd);
  }
}

async function main() {
  try {
    if (mime === "application/pdf") await extractPdf();
    else if (mime.startsWith("application/vnd.openxmlformats-officedocument.") || mime.startsWith("application/vnd.oasis.opendocument.")) await extractZip();
    else if (mime === "text/plain" || mime === "text/csv" || mime === "text/markdown") await extractPlain();
    else return parentPort.postMessage({ ok: false, error: "unsupported", detail: mime });
  } catch (e) {
    if (e !== STOP) {
      sample();
      const msg = String((e && e.message) || e);
      const error = msg === "inflate_budget" || msg === "zip_entries" || /too many bytes/i.test(msg) ? "too_large" : /password/i.test(msg) || (e && e.name === "PasswordException") ? "encrypted" : "failed";
      return parentPort.postMessage({ ok: false, error, detail: msg.slice(0, 300), peakHeapBytes: peakHeap });
    }
  }
  sample();
  parentPort.postMessage({ ok: true, text: out.parts.join(""), truncated: out.truncated, pages: out.pages ?? null, peakHeapBytes: peakHeap });
}
main();
`;
