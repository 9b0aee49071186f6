import { readBody } from "~/lib/body.server";

/**
 * @deprecated Routes read bodies with `readBody` (app/lib/body.server.ts), which also answers a
 * body that is not a form with a 400. Kept only so code written against the old name still gets
 * the cleaned form (NULs and prototype keys removed).
 */
export async function readForm(request: Request): Promise<FormData> {
  return (await readBody(request)).form;
}
