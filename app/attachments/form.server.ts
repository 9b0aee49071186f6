import { json } from "@remix-run/node";
import type { DomainCtx } from "../lib/ctx.server";
import { readBody, type BodyRead } from "../lib/body.server";
import { formValues } from "../lib/forms.server";
import { storeUploads, type UploadCode } from "./attachments.server";
import { isMultipart, readMultipartWithFiles } from "./intake.server";
import { attachmentLimits } from "./limits.server";
import type { AttachmentView } from "./view";

// The body of a form that may carry files (ask, reply, case, moderator edit). Without
// JavaScript the browser sends the files in the form (multipart): they are stored as pending
// uploads here and their ids added to the form as `attachment` fields, exactly what the
// JavaScript upload (POST /attachments/upload) would have put there. A refused file comes back
// as a per-file error; the rest of the form (and the files that were fine) is kept.

export const ATTACHMENT_FIELD = "attachment";
export const FILE_FIELD = "files";
export const TITLE_PREFIX = "attachmentTitle.";

export type FileError = { name: string; key: string };
export type FormWithFiles =
  | { ok: true; form: FormData; fileErrors: FileError[]; uploaded: AttachmentView[] }
  | { ok: false; status: 400 | 413; form: FormData; failure: Extract<BodyRead, { ok: false }>["failure"] };

export const uploadErrorKey = (code: UploadCode) =>
  ["type_not_allowed", "macros", "encrypted", "polyglot", "zip_bomb", "empty", "filename_invalid"].includes(code) ? `attachments:refused.${code}` : `files:errors.${code}`;

/** Any route that accepts attachments: reads the body (plain forms through readBody) and stores the files it carries. */
export async function readFormWithFiles(ctx: DomainCtx, request: Request): Promise<FormWithFiles> {
  if (!isMultipart(request) || !ctx.viewer) {
    const body = await readBody(request);
    if (!body.ok) return body;
    return { ok: true, form: body.form, fileErrors: [], uploaded: [] };
  }
  const limits = attachmentLimits();
  const intake = await readMultipartWithFiles(request, limits);
  try {
    if (!intake.ok) {
      const key = intake.reason === "too_large" ? "files:errors.too_large" : intake.reason === "too_many" ? "files:errors.too_many" : "form.unreadable";
      const failure = { ok: false as const, errors: { [FILE_FIELD]: [{ key, params: { name: intake.fileName ?? "", max: Math.round(limits.maxDocumentBytes / 1048576), count: limits.maxFiles } }] }, values: formValues(intake.form) };
      return { ok: false, status: intake.reason === "too_large" ? 413 : 400, form: intake.form, failure };
    }
    const results = await storeUploads(ctx, intake.files, { limits });
    const fileErrors: FileError[] = [];
    const uploaded: AttachmentView[] = [];
    results.forEach((r, i) => {
      if (r.ok) {
        uploaded.push(r.attachment);
        intake.form.append(ATTACHMENT_FIELD, r.attachment.publicId);
        const title = intake.form.get(`${TITLE_PREFIX}new.${i}`);
        if (typeof title === "string") intake.form.set(`${TITLE_PREFIX}${r.attachment.publicId}`, title);
      } else fileErrors.push({ name: r.name, key: uploadErrorKey(r.code) });
    });
    return { ok: true, form: intake.form, fileErrors, uploaded };
  } finally {
    await intake.cleanup();
  }
}

/** The attachment part of a parsed form: pending ids to attach, ids to keep, titles by public id. */
export function attachmentInput(form: FormData) {
  const ids = (name: string) => [...new Set(form.getAll(name).filter((v): v is string => typeof v === "string" && /^[A-Za-z0-9_-]{8,40}$/.test(v)))];
  const titles: Record<string, string> = {};
  for (const [k, v] of form) if (k.startsWith(TITLE_PREFIX) && typeof v === "string") titles[k.slice(TITLE_PREFIX.length)] = v;
  return { publicIds: ids(ATTACHMENT_FIELD), keep: ids("keepAttachment"), titles };
}

export const filesRefused = (r: Extract<FormWithFiles, { ok: false }>) => json(r.failure, { status: r.status });

/** The viewer's readable files among the form's `attachment` ids (to list them again after an error). */
export async function pendingViews(ctx: DomainCtx, form: FormData): Promise<AttachmentView[]> {
  const { attachmentByPublicId } = await import("./attachments.server");
  const out: AttachmentView[] = [];
  for (const id of attachmentInput(form).publicIds) {
    const v = await attachmentByPublicId(ctx, id);
    if (v) out.push(v);
  }
  return out;
}

/** The limits the form's hint shows (MB and a count). */
export function formLimits() {
  const l = attachmentLimits();
  return { doc: Math.round(l.maxDocumentBytes / 1048576), img: Math.round(l.maxImageBytes / 1048576), count: l.maxFiles };
}
