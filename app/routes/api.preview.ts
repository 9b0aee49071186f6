import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { previewSchema } from "~/forum/schemas";
import { parseForm } from "~/lib/forms.server";
import { badRequest } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { bodyRefused, readBody } from "~/lib/body.server";

// Live Markdown preview for the editors: the same server renderer and sanitiser as saved posts.
export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.viewer) return json({ html: "" }, { status: 401 });
  const body = await readBody(request);
  if (!body.ok) return bodyRefused(body, { html: "" });
  const parsed = parseForm(previewSchema, body.form);
  if (!parsed.ok) return badRequest({ html: "" });
  return json({ html: renderMarkdown(parsed.data.body) }, { headers: { "Cache-Control": "no-store" } });
}

export const loader = () => json({ html: "" }, { status: 405 });
