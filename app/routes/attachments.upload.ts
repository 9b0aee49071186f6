import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readFormWithFiles } from "~/attachments/form.server";
import { domainCtx } from "~/lib/ctx.server";

// The JavaScript upload (one XHR per file, with a progress bar): stores the files as pending
// uploads and answers their ids, or a per-file error key. The form then sends the ids.
export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.viewer) return json({ ok: false, error: "files:errors.signIn" }, { status: 401 });
  const r = await readFormWithFiles(domainCtx(context), request);
  if (!r.ok) return json({ ok: false, error: r.failure.errors.files?.[0]?.key ?? "form.unreadable", params: r.failure.errors.files?.[0]?.params ?? {} }, { status: r.status });
  return json({ ok: true, uploaded: r.uploaded, errors: r.fileErrors }, { status: r.uploaded.length === 0 && r.fileErrors.length ? 422 : 200, headers: { "Cache-Control": "no-store" } });
}

export const loader = () => json({ ok: false }, { status: 405 });
