/**
 * The posted form, or an empty one when the body is not a form (wrong content type, broken
 * multipart): bad input then gets the usual 400 with field messages instead of a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}
