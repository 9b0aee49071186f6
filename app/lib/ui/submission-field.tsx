// The hidden token that makes a create form's submission idempotent (app/lib/idempotency.server.ts).
// The loader makes the token (newSubmissionToken) each time it renders the form.

export const SUBMISSION_FIELD = "_submission";

export function SubmissionField({ token }: { token: string | null | undefined }) {
  return token ? <input type="hidden" name={SUBMISSION_FIELD} value={token} /> : null;
}
