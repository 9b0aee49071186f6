import type { AttachmentView } from "../view";

// The browser side of POST /attachments/upload: one XMLHttpRequest per file (fetch has no upload
// progress), so every file has its own progress bar and its own Avbryt. The answer is the
// server's: an attachment view, or a translation key (and its parameters) for the file's error.

export type UploadOutcome =
  | { ok: true; attachment: AttachmentView }
  | { ok: false; aborted: boolean; key: string; params?: Record<string, unknown> };

export type Upload = { promise: Promise<UploadOutcome>; abort: () => void };

export const UPLOAD_PATH = "/attachments/upload";

type Answer = { ok?: boolean; uploaded?: AttachmentView[]; errors?: { name: string; key: string }[]; error?: string; params?: Record<string, unknown> };

/** Sends one file; `onProgress` gets bytes sent and the total as the browser reports them. */
export function uploadFile(file: File, onProgress: (loaded: number, total: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadOutcome>((resolve) => {
    xhr.open("POST", UPLOAD_PATH);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onabort = () => resolve({ ok: false, aborted: true, key: "files:errors.network" });
    xhr.onerror = () => resolve({ ok: false, aborted: false, key: "files:errors.network" });
    xhr.onload = () => resolve(outcome(xhr.status, xhr.responseText, file.name));
    const body = new FormData();
    body.append("files", file, file.name);
    xhr.send(body);
  });
  return { promise, abort: () => xhr.abort() };
}

function outcome(status: number, text: string, name: string): UploadOutcome {
  let a: Answer = {};
  try {
    a = JSON.parse(text) as Answer;
  } catch {
    // a proxy's HTML error page: the generic message below
  }
  const first = a.uploaded?.[0];
  if (status < 300 && a.ok && first) return { ok: true, attachment: first };
  const key = a.errors?.[0]?.key ?? a.error ?? (status === 413 ? "files:errors.too_large" : "files:errors.unreadable");
  return { ok: false, aborted: false, key, params: { name, ...(a.params ?? {}) } };
}

// The Markdown editor hands pasted or dropped files to the form's "Bilagor" part with a DOM
// event on the form, so the file gets the same row, progress bar and hidden field as a chosen
// one; the editor only inserts the reference when the upload is done.
export const ATTACH_EVENT = "allmanning:attach-files";
export type AttachRequest = {
  files: File[];
  onUploaded?: (file: File, attachment: AttachmentView) => void;
  onFailed?: (file: File) => void;
  accepted: boolean;
};

/** Offers files to the attachment fields of `from`'s form; false when that form takes none. */
export function offerFiles(from: HTMLElement, req: Omit<AttachRequest, "accepted">): boolean {
  const form = from.closest("form");
  if (!form) return false;
  const detail: AttachRequest = { ...req, accepted: false };
  form.dispatchEvent(new CustomEvent<AttachRequest>(ATTACH_EVENT, { detail }));
  return detail.accepted;
}

/** `Skärmbild 2026-12-03.png` → `Skärmbild 2026-12-03`: Markdown-safe alt text, never empty. */
export function altFromFilename(name: string, fallback: string): string {
  const alt = name.replace(/\.[A-Za-z0-9]{1,5}$/, "").replace(/[[\]\\\r\n]+/g, " ").replace(/\s+/g, " ").trim();
  return alt || fallback;
}
