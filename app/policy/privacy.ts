import { isNetworkAdmin } from "./roles";
import type { Viewer } from "./types";

// Personal data and the e-archive (issue 14).
/** Any signed-in person may export their own data (GDPR Art. 15/20). */
export const canExportOwnData = (v: Viewer | null) => v !== null;
/** Any signed-in person may ask to be erased. */
export const canRequestErasure = (v: Viewer | null) => v !== null;
/** Network admins act on erasure requests (anonymisation is irreversible). */
export const canErasePeople = (v: Viewer | null) => isNetworkAdmin(v);
/** Network admins produce the archive export (every record of the network, for an archive). */
export const canExportArchive = (v: Viewer | null) => isNetworkAdmin(v);
