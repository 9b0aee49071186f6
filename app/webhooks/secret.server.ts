import { decryptSecret } from "../sso/secrets.server";

/**
 * An endpoint's signing secret from its stored form: encrypted at rest (AES-256-GCM under
 * SSO_SECRET_KEY); a secret stored before encryption (it starts with whsec_) passes as it is.
 */
export const openSecret = (stored: string) => (stored.startsWith("whsec_") ? stored : decryptSecret(stored));
